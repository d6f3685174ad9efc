import CCurl
import Foundation
import LogKit
import Synchronization

/// Drives libcurl transfers on one dedicated thread that owns a `CURLM` multi handle.
///
/// Callers on any thread ``submit(_:)`` jobs; the engine thread adds each job's easy handle to the multi
/// handle, calls `curl_multi_perform`, reports finished transfers and sleeps in `curl_multi_poll` until a
/// socket is ready, a libcurl timer fires or `curl_multi_wakeup` signals new commands. Connections are
/// cached by the multi handle and reused across jobs. The engine knows nothing about HTTP: a job is any
/// ``CurlTransfer``.
///
/// Threading: all methods are thread-safe and never block (a short lock section). Easy and multi handles
/// are touched only on the engine thread. ``shutdown()`` fails running and queued jobs with `shutdown`,
/// tears the multi handle down and returns once the thread has finished.
final class CurlMultiEngine: Sendable {
    /// Multi handle settings.
    struct Options: Sendable {
        /// `CURLMOPT_MAXCONNECTS`: idle connections kept for reuse.
        var maximumCachedConnections: Int
        /// `CURLMOPT_MAX_HOST_CONNECTIONS` (0: no limit).
        var maximumConnectionsPerHost: Int
    }

    private let multi: CurlMultiHandle
    private let state = Mutex(CurlEngineStateMachine<CheckedContinuation<Void, Never>>())
    private let nextJobID = Atomic<UInt64>(0)
    private let logger: Logger

    /// The longest the thread sleeps in `curl_multi_poll` when libcurl has no earlier timer.
    private static let pollCeilingMilliseconds: Int32 = 1000

    /// Creates the multi handle and starts the engine thread.
    init(name: String, options: Options, logger: Logger) {
        guard let multi = CurlMultiHandle() else {
            fatalError("libcurl could not be initialised (curl_global_init or curl_multi_init failed)")
        }
        multi.set(CURLMOPT_MAXCONNECTS, max(1, options.maximumCachedConnections))
        multi.set(CURLMOPT_MAX_HOST_CONNECTIONS, max(0, options.maximumConnectionsPerHost))
        self.multi = multi
        self.logger = logger
        let thread = Thread { [self] in runLoop() }
        thread.name = name
        thread.start()
    }

    /// A fresh job id.
    func makeJobID() -> CurlJobID {
        CurlJobID(value: nextJobID.add(1, ordering: .relaxed).newValue)
    }

    /// Queues a job; returns `false` (and does not queue it) if the engine is shutting down.
    func submit(_ job: CurlJob) -> Bool {
        state.withLock { state in
            switch state.submit(job) {
            case .wakeEngine:
                wakeEngine()
                return true
            case .none:
                return true
            case .reject:
                return false
            }
        }
    }

    /// Removes a job's transfer from the multi handle, or drops it if still queued. The job's own
    /// completion must already have been failed by the caller; the transfer is finished with `.cancelled`.
    func cancel(_ id: CurlJobID) {
        state.withLock { state in
            if case .wakeEngine = state.cancel(id) { wakeEngine() }
        }
    }

    /// Starts shutdown without waiting for it (used from `deinit`).
    func requestShutdown() {
        state.withLock { state in
            if case .wakeEngine = state.shutdown(waiter: nil) { wakeEngine() }
        }
    }

    /// Fails every running and queued job with `shutdown`, stops the thread and returns once it is done.
    func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let action = state.withLock { state in
                let action = state.shutdown(waiter: continuation)
                if case .wakeEngine = action { wakeEngine() }
                return action
            }
            if case .resume(let waiter) = action { waiter?.resume() }
        }
    }

    /// Must be called with the state lock held, so it never races with the multi handle's cleanup.
    private func wakeEngine() {
        let code = curl_multi_wakeup(multi.raw)
        if code != CURLM_OK {
            logger.error("curl_multi_wakeup failed", metadata: ["curl.multi.code": "\(code.rawValue)"])
        }
    }
}

extension CurlMultiEngine {
    /// The engine thread's body: run commands, perform, report finished transfers, poll; repeat.
    private func runLoop() {
        var loop = EngineLoop(multi: multi, logger: logger)
        while true {
            switch state.withLock({ $0.drain() }) {
            case .run(let commands):
                loop.run(commands)
            case .stop(let abandoned):
                for job in abandoned { job.abandon() }
                loop.tearDown()
                curl_multi_cleanup(multi.raw)
                let waiters = state.withLock { $0.engineStopped() }
                for waiter in waiters { waiter.resume() }
                return
            }
            loop.perform()
            var ready: Int32 = 0
            let code = curl_multi_poll(multi.raw, nil, 0, Self.pollCeilingMilliseconds, &ready)
            if code != CURLM_OK {
                logger.error("curl_multi_poll failed", metadata: ["curl.multi.code": "\(code.rawValue)"])
            }
        }
    }
}

/// The engine thread's own state: which transfers are in the multi handle.
///
/// Threading: a local of the engine thread; never shared.
private struct EngineLoop {
    let multi: CurlMultiHandle
    let logger: Logger
    private var transfers: [CurlJobID: any CurlTransfer] = [:]
    private var jobsByHandle: [UnsafeMutableRawPointer: CurlJobID] = [:]

    init(multi: CurlMultiHandle, logger: Logger) {
        self.multi = multi
        self.logger = logger
    }

    mutating func run(_ commands: [CurlEngineStateMachine<CheckedContinuation<Void, Never>>.Command]) {
        for command in commands {
            switch command {
            case .add(let job):
                guard let transfer = job.makeTransfer() else { continue }
                let code = curl_multi_add_handle(multi.raw, transfer.easy.raw)
                guard code == CURLM_OK else {
                    transfer.finish(.failedToStart(code))
                    continue
                }
                transfers[job.id] = transfer
                jobsByHandle[transfer.easy.raw] = job.id
            case .cancel(let id):
                guard let transfer = transfers.removeValue(forKey: id) else { continue }
                jobsByHandle[transfer.easy.raw] = nil
                curl_multi_remove_handle(multi.raw, transfer.easy.raw)
                transfer.finish(.cancelled)
            }
        }
    }

    /// Lets libcurl make progress, then finishes every transfer it reports done.
    mutating func perform() {
        var running: Int32 = 0
        let code = curl_multi_perform(multi.raw, &running)
        if code != CURLM_OK {
            logger.error("curl_multi_perform failed", metadata: ["curl.multi.code": "\(code.rawValue)"])
        }
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi.raw, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // The message is invalid once its handle is removed: read the result first.
            let result = message.pointee.data.result
            guard let id = jobsByHandle.removeValue(forKey: easy),
                let transfer = transfers.removeValue(forKey: id)
            else { continue }
            curl_multi_remove_handle(multi.raw, easy)
            transfer.finish(.completed(result))
        }
    }

    /// Removes every transfer from the multi handle and finishes it with `.shutdown`.
    mutating func tearDown() {
        for transfer in transfers.values {
            curl_multi_remove_handle(multi.raw, transfer.easy.raw)
            transfer.finish(.shutdown)
        }
        transfers = [:]
        jobsByHandle = [:]
    }
}
