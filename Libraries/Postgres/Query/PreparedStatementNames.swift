import Synchronization

/// Short, process-unique server-side names for ``PreparedStatement`` types (`paylinks_1`, `paylinks_2`, …):
/// server names are limited to 63 bytes, too short for reflected Swift type names.
enum PreparedStatementNames {
    private static let names = Mutex<[ObjectIdentifier: String]>([:])

    static func name<Statement: PreparedStatement>(for _: Statement.Type) -> String {
        names.withLock { names in
            if let name = names[ObjectIdentifier(Statement.self)] { return name }
            let name = "paylinks_\(names.count + 1)"
            names[ObjectIdentifier(Statement.self)] = name
            return name
        }
    }
}
