import ArgumentParser

@main
struct Yidi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yidi",
        abstract: "Batch processor for cross-provincial direct settlement of basic medical insurance.",
        subcommands: [])
}
