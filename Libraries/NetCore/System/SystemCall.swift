import CLinux
import Glibc

/// Runs a system call that reports failure as `-1` plus `errno`, retrying on `EINTR`.
///
/// `EAGAIN`/`EWOULDBLOCK` become ``IOResult/wouldBlock`` for non-blocking descriptors (`blocking: false`);
/// `EBADF` and `EFAULT` are programming errors and trap, as in NIO's `System.swift`.
@inline(__always)
func systemCall<T: FixedWidthInteger>(
    blocking: Bool = false,
    _ function: @autoclosure () -> String,
    _ body: () -> T
) throws(IOError) -> IOResult<T> {
    while true {
        let result = body()
        if result != -1 { return .processed(result) }
        let error = errno
        switch error {
        case EINTR: continue
        case EAGAIN where !blocking: return .wouldBlock
        case EBADF, EFAULT:
            preconditionFailure("\(function()) called with an invalid descriptor or buffer (errno \(error))")
        default: throw IOError(errno: error, function: function())
        }
    }
}

/// Runs a system call that must not block (or whose blocking is the point) and returns its value.
@inline(__always)
func systemCallValue<T: FixedWidthInteger>(
    _ function: @autoclosure () -> String,
    _ body: () -> T
) throws(IOError) -> T {
    switch try systemCall(blocking: true, function(), body) {
    case .processed(let value): return value
    case .wouldBlock: preconditionFailure("blocking system call reported EAGAIN")
    }
}

/// Closes a descriptor; `EINTR` is not retried because Linux has already released the descriptor then
/// (retrying could close a descriptor another thread just opened).
func closeDescriptor(_ fd: CInt) {
    let result = Glibc.close(fd)
    if result == -1 && errno == EBADF { preconditionFailure("close of an invalid descriptor \(fd)") }
}
