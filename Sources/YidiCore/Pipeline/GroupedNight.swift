import Logging

/// A night of one run alone on its ledger: the ready drops in name order, committed in groups
/// (``DropGroup``), with the next drops opened while the current one is recorded (``ReadAhead``).
struct GroupedNight {
    let run: NightlyRun
    private(set) var state: NightState
    /// The drops processed since the last commit. Open only between a drop's processing and
    /// the group's commit; its drops are reported only after that commit (``NightState``).
    private var group = DropGroup()

    init(run: NightlyRun, state: NightState) {
        self.run = run
        self.state = state
    }

    /// Processes `todo`, in order.
    mutating func process(_ todo: [String], with processor: DropProcessor) throws(YidiError) {
        let inbox = run.session.workspace.inboxDirectory
        var ahead = ReadAhead(todo: todo, processor: processor, inbox: inbox)
        defer { ahead.abandon() }
        do throws(YidiError) {
            for (i, name) in todo.enumerated() {
                if Interruption.isRequested {
                    state.interrupted()
                    break
                }
                let size = Paths.size(of: inbox + "/" + name)
                if group.isOpen, !group.takes(bytes: size) { try commit() }
                if !group.isOpen { try group.open(run.session.ledger) }
                do throws(YidiError) {
                    // the next drops are opened before this one is processed: their reading and
                    // parsing run on the other core while this one is recorded and committed
                    let opened = ahead.take(i)
                    group.add(try processor.process(opened.get()), bytes: size)
                } catch  where error.kind == .noInput {
                    run.logger.warning("drop vanished before it was read", metadata: ["file": "\(name)"])
                    continue  // renamed away while we ran: not ours to process
                } catch  where error.kind == .tempFail && Interruption.isRequested {
                    state.interrupted()  // the drop was rolled back; it stays in the inbox
                    break
                } catch  where error.kind == .unreadable {
                    run.logger.error("unreadable drop left in the inbox", metadata: ["file": "\(name)", "cause": "\(error.message)"])
                    state.leftUnreadable(name)  // left in place; the rest is processed
                    run.progress?.finish(acceptedRecords: 0, bytes: size)
                }
                if group.isFull { try commit() }
            }
            if group.isOpen { try commit() }
        } catch {
            if group.isOpen { keepCommitted(after: error) }
            throw error
        }
    }

    /// Commits the group with one sync, then carries out its drops' moves and acknowledgements
    /// (one sync for all of them) and reports each drop.
    private mutating func commit() throws(YidiError) {
        state.committed(try group.commit(ledger: run.session.ledger))
        try state.carryOut()
    }

    /// After a failure: the drops the open group holds were each complete (the failing one was
    /// rolled back), so they are committed; if even that fails, the group is rolled back and
    /// its drops stay in the inbox for the next run.
    private mutating func keepCommitted(after error: YidiError) {
        do {
            state.committed(try group.commit(ledger: run.session.ledger))
        } catch let second {
            run.logger.error(
                "the drops before the failure could not be committed either: the next run processes them again",
                metadata: ["failure": "\(error.message)", "cause": "\(second.message)"])
            do { try run.session.ledger.rollbackGroup() } catch {
                // the command fails with `error` anyway, and closing the connection undoes the group too
                run.logger.error("rolling the group back failed", metadata: ["cause": "\(error.message)"])
            }
            return
        }
        state.carryOut(after: error)
    }
}
