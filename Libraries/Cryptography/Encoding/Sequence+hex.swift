extension Sequence<UInt8> {
    /// The bytes as lowercase hexadecimal, e.g. `SHA256.hash(payload).hex` for AWS SigV4.
    package var hex: String { Hex.encode(self) }
}
