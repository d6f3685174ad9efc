/// One process the launcher starts and keeps running.
struct ChildSpecification: Sendable {
    /// The short name used as the log prefix, such as `catalog`.
    var name: String
    /// The executable's path.
    var executable: String
    /// Its arguments.
    var arguments: [String]
    /// Its full environment.
    var environment: [String: String]
}
