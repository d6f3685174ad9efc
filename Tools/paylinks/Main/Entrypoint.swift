import ConfigKit
import Foundation
import Launcher
import LogKit

/// `paylinks up` starts PayLinks locally (see ``Launcher``); `paylinks identity <service> [user-id] [role]`
/// prints a signed identity assertion for calling a service directly (debugging, benchmarks); `paylinks mail`
/// shows the newest message of the local dev mailbox (sign-in links while no SMTP server is configured).
@main
enum Entrypoint {
    static func main() async {
        let logger = Logger(label: "paylinks")
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            let reader = try ConfigReader.fromProcess()
            switch arguments.first ?? "up" {
            case "up":
                let executable =
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                    ?? CommandLine.arguments[0]
                try await Launcher(reader: reader, executablePath: executable, logger: logger).up()
            case "identity" where (2...4).contains(arguments.count):
                print(try IdentityCommand.assertion(arguments: Array(arguments.dropFirst()), reader: reader))
            case "mail" where arguments.count <= 2:
                print(try MailCommand.render(arguments: Array(arguments.dropFirst()), reader: reader))
            default:
                print("usage: paylinks up | paylinks mail [count] | paylinks identity <service> [user-id] [USER|ADMIN]")
                exit(2)
            }
        } catch {
            logger.critical("\(error)")
            exit(1)
        }
    }
}
