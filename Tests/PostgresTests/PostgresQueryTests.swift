import Foundation
import Postgres
import Testing

@Suite struct PostgresQueryTests {
    static let hostileStrings = [
        "it's",
        "back\\slash",
        "'; DROP TABLE payloads; --",
        "\"double\" quotes",
        "$1 $$ dollar",
        "ünïcødé 🚀 中文",
        "",
    ]

    @Test(arguments: hostileStrings)
    func interpolatedValuesBecomeParametersNeverSQL(value: String) {
        let id: Int64 = 42
        let query: PostgresQuery = "SELECT * FROM t WHERE id = \(id) AND x = \(value)"
        #expect(query.sql == "SELECT * FROM t WHERE id = $1 AND x = $2")
        #expect(query.bindings.count == 2)
        #expect(query.bindings.dataTypes == [.int8, .unspecified])
        if !value.isEmpty {
            #expect(!query.sql.contains(value))
            #expect(!query.description.contains(value))
            #expect(!query.debugDescription.contains(value))
        }
    }

    @Test func nilBindsATypedNull() {
        let name: String? = nil
        let count: Int? = nil
        let query: PostgresQuery = "UPDATE t SET name = \(name), count = \(count)"
        #expect(query.sql == "UPDATE t SET name = $1, count = $2")
        #expect(query.bindings.isNull(at: 0))
        #expect(query.bindings.isNull(at: 1))
        #expect(query.bindings.dataTypes == [.unspecified, .int8])
    }

    @Test func parametersAreNumberedInOrder() {
        let query: PostgresQuery = "SELECT \(1), \(2), \(3), \(4), \(5), \(6), \(7), \(8), \(9), \(10), \(11)"
        #expect(query.sql == "SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11")
    }

    @Test func identifiersAreQuotedAndUnsafeSQLIsVerbatim() {
        let schema = "pay\"links"
        let query: PostgresQuery = "SELECT * FROM \(identifier: schema).t ORDER BY \(unsafeSQL: "created_at DESC")"
        #expect(query.sql == "SELECT * FROM \"pay\"\"links\".t ORDER BY created_at DESC")
        #expect(query.bindings.count == 0)
        #expect(PostgresQuery.unsafeSQL("SELECT 1").sql == "SELECT 1")
    }

    @Test func bindingsFromValuesMatchInterpolation() {
        let bindings = PostgresBindings("a", Int64(1), true, Optional<Date>.none)
        #expect(bindings.count == 4)
        #expect(bindings.dataTypes == [.unspecified, .int8, .bool, .timestamptz])
        #expect(bindings.isNull(at: 3))
        #expect(bindings.description == "[$1 unspecified, $2 bigint, $3 boolean, $4 timestamptz]")
    }
}
