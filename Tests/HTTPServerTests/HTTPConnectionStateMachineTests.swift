import HTTPServer
import NetCore
import Testing

@Suite struct HTTPConnectionStateMachineTests {
    private let timeouts = HTTPServerConfiguration.Timeouts(
        header: .seconds(10),
        idle: .seconds(60),
        body: .seconds(30),
        write: .seconds(20),
        lingeringClose: .seconds(2)
    )
    private let start = Deadline(nanoseconds: 1_000_000_000_000)

    private func at(_ seconds: Int) -> Deadline { start + .seconds(seconds) }

    @Test func aNewConnectionRunsTheHeaderTimeoutFromAccept() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        #expect(machine.deadline == at(10))
        #expect(machine.timerFired(now: at(9)) == .none)
        #expect(machine.timerFired(now: at(10)) == .sendTimeoutAndClose)
        #expect(machine.isClosing)
        #expect(machine.deadline == at(12))
        #expect(machine.timerFired(now: at(12)) == .close)
        #expect(machine.state == .closed)
    }

    @Test func aKeepAliveCycleMovesBetweenTheTimeouts() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        machine.headReceived(keepAlive: true, now: at(1))
        #expect(machine.deadline == at(31))
        machine.bodyReceived(now: at(5))
        #expect(machine.deadline == at(35))
        machine.requestReceived()
        #expect(machine.deadline == nil)
        #expect(!machine.isParsing)
        let closes = machine.responseStarted(parserHasBytes: false)
        #expect(!closes)
        #expect(machine.responseEnded(parserIsIdle: true, now: at(6)) == .keepAlive)
        #expect(machine.state == .idle(since: at(6)))
        #expect(machine.deadline == at(66))
        machine.bytesReceived(now: at(20))
        #expect(machine.state == .readingHead(since: at(20)))
        #expect(machine.deadline == at(30))
    }

    @Test func idleTimeoutClosesSilently() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        completeRequest(&machine, keepAlive: true)
        #expect(machine.responseEnded(parserIsIdle: true, now: at(1)) == .keepAlive)
        #expect(machine.timerFired(now: at(61)) == .close)
    }

    @Test func bodyStallGets408() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        machine.headReceived(keepAlive: true, now: at(1))
        #expect(machine.timerFired(now: at(30)) == .none)
        #expect(machine.timerFired(now: at(31)) == .sendTimeoutAndClose)
    }

    @Test func pipelinedBytesStartTheHeaderClockAfterAResponse() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        completeRequest(&machine, keepAlive: true)
        #expect(machine.responseEnded(parserIsIdle: false, now: at(3)) == .keepAlive)
        #expect(machine.state == .readingHead(since: at(3)))
    }

    @Test func connectionCloseRequestsCloseAfterTheResponse() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        machine.headReceived(keepAlive: false, now: start)
        machine.requestReceived()
        let closes = machine.responseStarted(parserHasBytes: false)
        #expect(closes)
        #expect(machine.responseEnded(parserIsIdle: true, now: at(1)) == .closeAfterFlush)
        #expect(machine.state == .closing(since: at(1)))
    }

    @Test func readingStopsWhileHandlingOnceTheBufferIsFull() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        #expect(machine.shouldRead(buffered: 1_000_000, limit: 10))
        completeRequest(&machine, keepAlive: true)
        #expect(machine.shouldRead(buffered: 9, limit: 10))
        #expect(!machine.shouldRead(buffered: 10, limit: 10))
    }

    @Test func unreadOutputSwitchesToTheWriteTimeout() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        completeRequest(&machine, keepAlive: true)
        machine.outboundPending(progressed: false, now: at(1))
        #expect(machine.deadline == at(21))
        machine.outboundPending(progressed: false, now: at(10))
        #expect(machine.deadline == at(21), "no progress does not extend the deadline")
        machine.outboundPending(progressed: true, now: at(10))
        #expect(machine.deadline == at(30))
        #expect(machine.timerFired(now: at(30)) == .close)
        #expect(machine.state == .closed)
    }

    @Test func drainedOutputRestoresTheStateTimeout() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        machine.outboundPending(progressed: false, now: at(1))
        #expect(machine.deadline == at(21))
        machine.outboundDrained()
        #expect(machine.deadline == at(10))
    }

    @Test func shutdownClosesIdleConnectionsAndMarksBusyOnes() {
        var idle = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        completeRequest(&idle, keepAlive: true)
        _ = idle.responseEnded(parserIsIdle: true, now: at(1))
        #expect(idle.shutdownRequested(parserIsIdle: true) == .close)

        var fresh = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        #expect(fresh.shutdownRequested(parserIsIdle: true) == .close)

        var partial = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        #expect(partial.shutdownRequested(parserIsIdle: false) == .none)

        var busy = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        completeRequest(&busy, keepAlive: true)
        #expect(busy.shutdownRequested(parserIsIdle: true) == .none)
        let closes = busy.responseStarted(parserHasBytes: false)
        #expect(closes, "the in-flight response carries Connection: close")
        #expect(busy.responseEnded(parserIsIdle: true, now: at(2)) == .closeAfterFlush)
    }

    @Test func peerFINWhileHandlingFinishesTheResponseThenCloses() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        completeRequest(&machine, keepAlive: true)
        #expect(machine.inputClosed(hasPendingOutput: false, now: at(1)) == .none)
        let closes = machine.responseStarted(parserHasBytes: false)
        #expect(closes)
        #expect(machine.responseEnded(parserIsIdle: true, now: at(2)) == .closeAfterFlush)
    }

    @Test func peerFINWithPipelinedRequestsAnswersThemFirst() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        completeRequest(&machine, keepAlive: true)
        #expect(machine.inputClosed(hasPendingOutput: false, now: at(1)) == .none)
        let closes = machine.responseStarted(parserHasBytes: true)
        #expect(!closes)
        #expect(machine.responseEnded(parserIsIdle: false, now: at(2)) == .keepAlive)
    }

    @Test func peerFINMidRequestClosesAndFlushesPendingOutputFirst() {
        var quiet = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        #expect(quiet.inputClosed(hasPendingOutput: false, now: at(1)) == .close)

        var pending = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        #expect(pending.inputClosed(hasPendingOutput: true, now: at(1)) == .closeAfterFlush)
        #expect(pending.isClosing)
    }

    @Test func aParseErrorClosesAfterTheErrorResponse() {
        var machine = HTTPConnectionStateMachine(timeouts: timeouts, now: start)
        machine.parseFailed(now: at(1))
        #expect(machine.isClosing)
        #expect(!machine.isParsing)
        #expect(machine.shouldRead(buffered: 0, limit: 10), "lingering close keeps reading")
        #expect(machine.deadline == at(3))
    }

    private func completeRequest(_ machine: inout HTTPConnectionStateMachine, keepAlive: Bool) {
        machine.headReceived(keepAlive: keepAlive, now: start)
        machine.requestReceived()
    }
}
