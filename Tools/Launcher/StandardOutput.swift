import Glibc

/// Writes whole lines to standard output with one `write(2)` each, unbuffered, so lines from several
/// children never interleave and appear at once even when output goes to a file.
enum StandardOutput {
    /// Writes `text` followed by a newline.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
