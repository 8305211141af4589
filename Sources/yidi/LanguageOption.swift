import ArgumentParser
import YidiCore

extension Language: ExpressibleByArgument {}

/// `--lang zh-CN|en` on the commands that print for people; without it, the workspace's
/// `language` setting, else Chinese.
struct LanguageOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The language of what is printed: zh-CN or en (default: the workspace's language setting, else zh-CN).",
            valueName: "lang"))
    var lang: Language?

    /// The language to print in, given the workspace's settings where there are any.
    func language(_ settings: Settings?) -> Language { lang ?? settings?.language ?? .chinese }
}
