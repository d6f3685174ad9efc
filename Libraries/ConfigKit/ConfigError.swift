/// A configuration value that is missing or invalid; stops start-up with a message naming the key.
package struct ConfigError: Error, CustomStringConvertible, Equatable {
    /// The environment variable concerned, such as `PAYMENTS_HTTP_PORT`.
    package var key: String
    /// What is wrong, in words a operator can act on.
    package var problem: String

    /// Creates an error for `key`.
    package init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    package var description: String { "invalid configuration: \(key) \(problem)" }
}
