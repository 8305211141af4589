/// The drops of a night opened ahead of the one being recorded, so that their inflating and
/// parsing run on the other core meanwhile: the next drop always, a second one when both are
/// small, a third and a fourth when they and the one before them are tiny (on a night of many
/// small drops the parsers are the critical path, and a parser whose drop is done idles until
/// the recording takes it; a big drop keeps one parser ahead, its memory bounded by its own
/// record handoff).
struct ReadAhead {
    let todo: [String]
    let processor: DropProcessor
    let inbox: String
    /// Compressed drops up to this size may be the second one read ahead.
    static let smallDropBytes: Int64 = 1 << 20
    /// Compressed drops up to this size (inflated on their parsing thread) may be the third
    /// and fourth: each waits with its records in a handoff bounded like any drop's, and a
    /// real one of 30 settlements holds a few hundred KiB of them.
    static let tinyDropBytes = DropPipeline.inlineInflateBytes
    /// How many drops are read ahead at most.
    static let maxDropsAhead = 4
    /// The drops opened ahead, in order, with their compressed sizes.
    private var opened: [(index: Int, size: Int64, drop: Result<DropProcessor.OpenedDrop, YidiError>)] = []

    init(todo: [String], processor: DropProcessor, inbox: String) {
        self.todo = todo
        self.processor = processor
        self.inbox = inbox
    }

    /// Drop `i`, opened now or earlier, with the ones after it opened behind it.
    mutating func take(_ i: Int) -> Result<DropProcessor.OpenedDrop, YidiError> {
        let drop = opened.first?.index == i ? opened.removeFirst().drop : open(i)
        var next = i + 1 + opened.count
        while next < todo.count, opened.count < Self.maxDropsAhead {
            let size = Paths.size(of: inbox + "/" + todo[next])
            guard Self.opens(ahead: opened.count, size: size, after: opened.last?.size ?? 0) else { break }
            opened.append((next, size, open(next)))
            next += 1
        }
        return drop
    }

    /// Stops the reading of the drops opened ahead (the night stopped before them).
    mutating func abandon() {
        for case (_, _, .success(let drop)) in opened { drop.abandon() }
        opened.removeAll()
    }

    private func open(_ i: Int) -> Result<DropProcessor.OpenedDrop, YidiError> {
        Result { () throws(YidiError) in try processor.open(inboxFile: todo[i]) }
    }

    /// Whether a drop of `size` compressed bytes is opened behind the `ahead` drops opened
    /// already, the last of them of `previous` bytes: the first always, a second while it and
    /// the first are small, a third and fourth while each and the one before it are tiny.
    static func opens(ahead: Int, size: Int64, after previous: Int64) -> Bool {
        switch ahead {
        case 0: true
        case 1: size <= smallDropBytes && previous <= smallDropBytes
        case 2..<maxDropsAhead: size <= tinyDropBytes && previous <= tinyDropBytes
        default: false
        }
    }
}
