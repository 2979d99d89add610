import ArgumentParser

@main
struct Bund: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bund",
    abstract:
      "A bilingual static site generator: Markdown and data in Content/, Mustache in Templates/, a site in Public/.",
    subcommands: [Build.self, Check.self, Serve.self, Status.self, New.self],
    defaultSubcommand: Build.self)
}
