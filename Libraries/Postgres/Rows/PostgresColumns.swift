/// The names and types of a result's columns.
///
/// Shared by every row of a result, and cached per prepared statement on each connection, so a query does not
/// rebuild them.
package final class PostgresColumns: Sendable {
    /// The column names, in order.
    package let names: [String]
    /// The column types, in order.
    package let dataTypes: [PostgresDataType]
    private let indexByName: [String: Int]

    /// Creates a description of columns.
    package init(names: [String], dataTypes: [PostgresDataType]) {
        precondition(names.count == dataTypes.count)
        self.names = names
        self.dataTypes = dataTypes
        var indexByName = [String: Int](minimumCapacity: names.count)
        for (index, name) in names.enumerated() where indexByName[name] == nil {
            indexByName[name] = index  // with duplicate names, the first wins (as in psql)
        }
        self.indexByName = indexByName
    }

    /// The number of columns.
    package var count: Int { names.count }

    /// The index of the first column called `name`.
    package func index(of name: String) -> Int? { indexByName[name] }

    /// Whether these columns have the same names and types as `other`.
    func matches(names otherNames: [String], dataTypes otherTypes: [PostgresDataType]) -> Bool {
        names == otherNames && dataTypes == otherTypes
    }
}
