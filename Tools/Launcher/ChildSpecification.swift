/// One process the launcher starts and keeps running.
package struct ChildSpecification: Sendable {
    /// The short name used as the log prefix, such as `catalog`.
    package var name: String
    /// The executable's path.
    package var executable: String
    /// Its arguments.
    package var arguments: [String]
    /// Its full environment.
    package var environment: [String: String]

    /// Creates a specification.
    package init(name: String, executable: String, arguments: [String], environment: [String: String]) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
    }
}
