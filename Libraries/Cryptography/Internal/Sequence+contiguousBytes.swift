extension Sequence<UInt8> {
    /// Calls `body` with the bytes in contiguous memory, copying them only when the sequence has no contiguous
    /// storage of its own (`[UInt8]`, `ArraySlice`, `Data` and native `String.UTF8View` need no copy).
    func withContiguousBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let result = withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(self).withUnsafeBytes(body)
    }
}
