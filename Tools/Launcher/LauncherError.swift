/// A launcher failure with a message meant for the person at the terminal (never containing a secret).
package struct LauncherError: Error, CustomStringConvertible {
    /// What went wrong and, where possible, what to do about it.
    package var description: String

    /// Creates an error with `description`.
    package init(_ description: String) { self.description = description }
}
