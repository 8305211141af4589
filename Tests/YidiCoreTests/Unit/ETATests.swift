import Foundation
import Synchronization
import Testing

@testable import YidiCore

/// The ETA covers the whole work: the bytes not yet finished (recorded and committed), not only
/// those not yet read.
@Suite struct ETATests {
    @Test func theTimeLeftIsThePaceOfFinishedWorkOverWhatIsLeft() {
        let p = RunProgress()
        p.plan(drops: 4, bytes: 400)
        #expect(p.secondsLeft(elapsed: 10) == nil, "nothing read or finished: nothing says")
        let drop = p.begin(size: 100)
        p.read(300, of: drop)  // read ahead: three drops read, none finished
        #expect(p.secondsLeft(elapsed: 3) == 1, "before any drop is finished: the reading pace")
        p.finish(acceptedRecords: 1, bytes: 100)
        #expect(p.secondsLeft(elapsed: 10) == 30, "one of four finished in 10 s: 30 s for the other three, though they are read")
        p.othersFinished(drops: 2, bytes: 200)
        p.finish(acceptedRecords: 1, bytes: 100)
        #expect(p.secondsLeft(elapsed: 12) == nil, "all finished")
    }
}
