import ArgumentParser
import BundBuild
import BundCore
import Foundation

@main
struct Bund: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bund",
    abstract:
      "A bilingual static site generator: Markdown and data in Content/, Mustache in Templates/, a site in Public/.",
    version: BundVersion.description,
    subcommands: [Build.self, Check.self, Serve.self, Status.self, New.self],
    defaultSubcommand: Build.self)

  /// A first word that is no command is a mistyped one (`bund biuld`): `build`, the default, takes
  /// no such argument, so say which command was meant instead of "unexpected argument".
  static func main() async {
    let arguments = Array(CommandLine.arguments.dropFirst())
    let commands = configuration.subcommands.map { $0._commandName } + ["help"]
    if let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first) {
      let message =
        "error: '\(first)' is not a bund command\(Suggestions.hint(for: first, in: commands)); the commands are \(commands.dropLast().joined(separator: ", ")) (see bund --help)\n"
      FileHandle.standardError.write(Data(message.utf8))
      Foundation.exit(64)
    }
    await main(arguments)
  }
}
