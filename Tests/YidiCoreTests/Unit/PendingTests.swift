import Foundation
import Testing

@testable import YidiCore

/// ``Pending``: a value another thread provides once (a commit's answer).
@Suite("A value provided later, once")
struct PendingTests {
    @Test func theFirstAnswerStandsAndMapsFollowIt() {
        let answer = Pending<Int>()
        let before = answer.map { $0 * 10 }  // mapped while nothing is there
        #expect(!answer.isFulfilled && !before.isFulfilled)
        answer.fulfil(4)
        answer.fulfil(5)  // a deadline's failure after the answer: ignored
        let after = answer.map { $0 + 1 }  // mapped once it is there
        #expect(answer.wait() == 4 && before.wait() == 40 && after.wait() == 5)
        #expect(Pending(true).isFulfilled && Pending(true).wait())
    }

    @Test func aWaiterWakesWhenAnotherThreadFulfils() {
        let answer = Pending<String>()
        let chained = answer.map { $0.count }
        let thread = Thread {
            usleep(20_000)
            answer.fulfil("answered")
        }
        thread.start()
        #expect(chained.wait() == 8 && answer.wait() == "answered")
    }
}
