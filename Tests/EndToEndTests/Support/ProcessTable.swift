import Foundation
import Glibc

/// A snapshot of `/proc`: which processes exist, who their parent is, what they run.
///
/// Every function reads files and so blocks: call them through `BlockingWork.run`, never directly on the
/// cooperative pool.
enum ProcessTable {
    /// One process.
    struct Entry: Sendable, CustomStringConvertible {
        var pid: Int32
        var parent: Int32
        /// The state letter from `/proc/<pid>/stat` (`R`, `S`, `Z`…).
        var state: Character
        /// The executable's file name, such as `catalog` (without a ` (deleted)` suffix).
        var executable: String
        /// The command line, arguments joined by spaces.
        var commandLine: String

        var description: String { "\(pid) [\(executable), parent \(parent), state \(state)] \(commandLine)" }
    }

    /// Every process whose `/proc` entry can be read.
    static func all() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.compactMap(entry)
    }

    /// The process `pid`, or `nil` when it does not exist.
    static func entry(_ pid: Int32) -> Entry? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ')'.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) ?? ""
        let executable = URL(fileURLWithPath: link.replacingOccurrences(of: " (deleted)", with: "")).lastPathComponent
        return Entry(
            pid: pid,
            parent: parent,
            state: state,
            executable: executable,
            commandLine: strings(at: "/proc/\(pid)/cmdline").joined(separator: " ")
        )
    }

    /// The children of `parent`.
    static func children(of parent: Int32) -> [Entry] {
        all().filter { $0.parent == parent }
    }

    /// Processes whose command line contains `text` or whose environment contains the entry `variable`
    /// (`NAME=value`), other than this test process.
    static func processes(commandLineContaining text: String, orEnvironment variable: String) -> [Entry] {
        let me = getpid()
        return all().filter { entry in
            entry.pid != me
                && (entry.commandLine.contains(text) || strings(at: "/proc/\(entry.pid)/environ").contains(variable))
        }
    }

    /// Whether `pid` is gone (or only a zombie of a parent that will reap it).
    static func isGone(_ pid: Int32) -> Bool {
        guard let entry = entry(pid) else { return true }
        return entry.state == "Z"
    }

    private static func strings(at path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
