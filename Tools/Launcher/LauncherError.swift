/// A launcher failure with a message meant for the person at the terminal.
struct LauncherError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
