import Foundation

extension Migration {
    /// Loads the migrations in `directory`: every file named `NNNN_name.sql` (version `NNNN`, name `name`).
    ///
    /// Other files are ignored, except `.sql` files whose name does not have that form, which are an error.
    /// The files are read on a dedicated thread, never on the cooperative pool.
    ///
    /// - Throws: ``PostgresMigrationError`` (`invalidMigrations`) for an unreadable directory or file, a
    ///   malformed name, or a duplicate version.
    package static func load(directory: String) async throws -> [Migration] {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try loadBlocking(directory: directory) })
            }
            thread.name = "paylinks-migrations-loader"
            thread.start()
        }
    }

    private static func loadBlocking(directory: String) throws -> [Migration] {
        func invalid(_ reason: String) -> PostgresMigrationError {
            PostgresMigrationError(.invalidMigrations, reason: reason)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw invalid("cannot list migration directory \(directory): \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            guard let separator = stem.firstIndex(of: "_"), let version = Int(stem[..<separator]), version > 0,
                stem[..<separator].allSatisfy(\.isASCII), stem.index(after: separator) < stem.endIndex
            else {
                throw invalid("migration file \(fileName) is not named NNNN_name.sql")
            }
            let path = (directory as NSString).appendingPathComponent(fileName)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw invalid("cannot read migration file \(path)")
            }
            guard let sql = String(data: data, encoding: .utf8) else {
                throw invalid("migration file \(path) is not UTF-8")
            }
            migrations.append(
                Migration(version: version, name: String(stem[stem.index(after: separator)...]), sql: sql, source: path)
            )
        }
        return migrations
    }
}
