import ConfigKit
import Foundation
import Launcher
import LogKit

/// `paylinks up` starts PayLinks locally; see ``Launcher``.
@main
enum Entrypoint {
    static func main() async {
        let logger = Logger(label: "paylinks")
        let command = CommandLine.arguments.dropFirst().first ?? "up"
        do {
            let reader = try ConfigReader.fromProcess()
            switch command {
            case "up":
                let executable =
                    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                    ?? CommandLine.arguments[0]
                try await Launcher(reader: reader, executablePath: executable, logger: logger).up()
            case "demo":
                await DemoApplication.main()
            default:
                print("usage: paylinks up | paylinks demo")
                exit(2)
            }
        } catch {
            logger.critical("\(error)")
            exit(1)
        }
    }
}
