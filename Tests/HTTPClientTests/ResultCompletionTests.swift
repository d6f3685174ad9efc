import Synchronization
import Testing

@testable import HTTPClient

/// Exactly-once delivery between the engine thread, the cancellation handler and the waiting task.
@Suite struct ResultCompletionTests {
    private struct Failure: Error, Equatable {}

    @Test func completionAfterWaitResumesTheWaiter() async {
        let completion = ResultCompletion<Int, Failure>()
        let waiting = Atomic<Bool>(false)
        async let value: Result<Int, Failure> = withCheckedContinuation { continuation in
            waiting.store(completion.wait(continuation), ordering: .relaxed)
        }
        while !completion.isCompleted {
            if waiting.load(ordering: .relaxed) { #expect(completion.complete(.success(7))) }
            await Task.yield()
        }
        let result = await value
        #expect(result == .success(7))
        let waited = waiting.load(ordering: .relaxed)
        #expect(waited)
    }

    @Test func completionBeforeWaitIsHandedOverAtOnce() async {
        let completion = ResultCompletion<Int, Failure>()
        #expect(completion.complete(.failure(Failure())))
        #expect(completion.isCompleted)
        let result: Result<Int, Failure> = await withCheckedContinuation { continuation in
            #expect(!completion.wait(continuation))
        }
        #expect(result == .failure(Failure()))
    }

    @Test func onlyTheFirstCompletionCounts() async {
        let completion = ResultCompletion<Int, Failure>()
        #expect(completion.complete(.success(1)))
        #expect(!completion.complete(.success(2)))
        let result: Result<Int, Failure> = await withCheckedContinuation { _ = completion.wait($0) }
        #expect(result == .success(1))
        #expect(!completion.complete(.failure(Failure())))
    }
}
