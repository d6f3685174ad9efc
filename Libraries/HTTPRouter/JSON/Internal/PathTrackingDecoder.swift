import Foundation

/// A `Decoder` wrapper that rethrows Foundation's number conversion failures as `DecodingError`s that
/// carry the coding path.
///
/// Foundation's `JSONDecoder` reports `{"amount": 1.5}` for an `Int` (and numbers too large for their type)
/// as "not valid JSON" with an empty path, so the field cannot be named. Decoding again through this
/// wrapper (only after such a failure) catches the internal error at the container call that raised it.
/// `Date`, `Data`, `URL` and `Decimal` are passed straight to the wrapped containers so the decoder's
/// strategies still apply.
struct PathTrackingDecoder: Decoder {
    /// The top-level value, decoded through the wrapper.
    struct Root<Value: Decodable>: Decodable {
        let value: Value

        init(from decoder: any Decoder) throws {
            value = try Value(from: PathTrackingDecoder(base: decoder))
        }
    }

    /// The coding key of an array element.
    struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { nil }
    }

    let base: any Decoder

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedContainer(base: try base.container(keyedBy: type)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        UnkeyedContainer(base: try base.unkeyedContainer())
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(base: try base.singleValueContainer(), decoder: base)
    }

    /// Whether the wrapped decoder must see `type` itself, to apply its date/data strategies.
    static func passesThrough<T>(_ type: T.Type) -> Bool {
        type == Date.self || type == Data.self || type == URL.self || type == Decimal.self
    }

    /// Runs a container call, turning a non-`DecodingError` (Foundation's internal number error) into a
    /// `DecodingError` at `path`: a type mismatch when an integer field got a fraction, else "out of range".
    static func tracking<T>(
        _ type: T.Type,
        at path: [any CodingKey],
        _ decode: () throws -> T,
        asDouble: () -> Double?
    )
        throws -> T
    {
        do {
            return try decode()
        } catch let error as DecodingError {
            throw error
        } catch {
            if T.self is any BinaryInteger.Type, let number = asDouble(), number != number.rounded(.towardZero) {
                throw DecodingError.typeMismatch(
                    T.self,
                    .init(codingPath: path, debugDescription: "expected an integer")
                )
            }
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "number out of range"))
        }
    }
}

extension PathTrackingDecoder {
    struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        var base: KeyedDecodingContainer<Key>

        var codingPath: [any CodingKey] { base.codingPath }
        var allKeys: [Key] { base.allKeys }
        func contains(_ key: Key) -> Bool { base.contains(key) }
        func decodeNil(forKey key: Key) throws -> Bool { try base.decodeNil(forKey: key) }

        private func primitive<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
            try PathTrackingDecoder.tracking(type, at: codingPath + [key]) {
                try base.decode(type, forKey: key)
            } asDouble: {
                try? base.decode(Double.self, forKey: key)
            }
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try primitive(type, key) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try primitive(type, key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try primitive(type, key) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try primitive(type, key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try primitive(type, key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try primitive(type, key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try primitive(type, key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try primitive(type, key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try primitive(type, key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try primitive(type, key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try primitive(type, key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try primitive(type, key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try primitive(type, key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try primitive(type, key) }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            if PathTrackingDecoder.passesThrough(type) { return try primitive(type, key) }
            guard base.contains(key) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key"))
            }
            return try T(from: PathTrackingDecoder(base: try base.superDecoder(forKey: key)))
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type,
            forKey key: Key
        ) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            KeyedDecodingContainer(
                KeyedContainer<NestedKey>(base: try base.nestedContainer(keyedBy: type, forKey: key))
            )
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            UnkeyedContainer(base: try base.nestedUnkeyedContainer(forKey: key))
        }

        func superDecoder() throws -> any Decoder { PathTrackingDecoder(base: try base.superDecoder()) }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            PathTrackingDecoder(base: try base.superDecoder(forKey: key))
        }
    }

    struct UnkeyedContainer: UnkeyedDecodingContainer {
        var base: any UnkeyedDecodingContainer

        var codingPath: [any CodingKey] { base.codingPath }
        var count: Int? { base.count }
        var isAtEnd: Bool { base.isAtEnd }
        var currentIndex: Int { base.currentIndex }
        mutating func decodeNil() throws -> Bool { try base.decodeNil() }

        private mutating func primitive<T: Decodable>(_ type: T.Type) throws -> T {
            let path = codingPath + [IndexKey(intValue: currentIndex)]
            var probe = base
            return try PathTrackingDecoder.tracking(type, at: path) {
                try base.decode(type)
            } asDouble: {
                try? probe.decode(Double.self)
            }
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { try primitive(type) }
        mutating func decode(_ type: String.Type) throws -> String { try primitive(type) }
        mutating func decode(_ type: Double.Type) throws -> Double { try primitive(type) }
        mutating func decode(_ type: Float.Type) throws -> Float { try primitive(type) }
        mutating func decode(_ type: Int.Type) throws -> Int { try primitive(type) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try primitive(type) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try primitive(type) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try primitive(type) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try primitive(type) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try primitive(type) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try primitive(type) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try primitive(type) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try primitive(type) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try primitive(type) }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            if PathTrackingDecoder.passesThrough(type) { return try primitive(type) }
            return try T(from: PathTrackingDecoder(base: try base.superDecoder()))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            KeyedDecodingContainer(KeyedContainer<NestedKey>(base: try base.nestedContainer(keyedBy: type)))
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            UnkeyedContainer(base: try base.nestedUnkeyedContainer())
        }

        mutating func superDecoder() throws -> any Decoder { PathTrackingDecoder(base: try base.superDecoder()) }
    }

    struct SingleValueContainer: SingleValueDecodingContainer {
        let base: any SingleValueDecodingContainer
        let decoder: any Decoder

        var codingPath: [any CodingKey] { base.codingPath }
        func decodeNil() -> Bool { base.decodeNil() }

        private func primitive<T: Decodable>(_ type: T.Type) throws -> T {
            try PathTrackingDecoder.tracking(type, at: codingPath) {
                try base.decode(type)
            } asDouble: {
                try? base.decode(Double.self)
            }
        }

        func decode(_ type: Bool.Type) throws -> Bool { try primitive(type) }
        func decode(_ type: String.Type) throws -> String { try primitive(type) }
        func decode(_ type: Double.Type) throws -> Double { try primitive(type) }
        func decode(_ type: Float.Type) throws -> Float { try primitive(type) }
        func decode(_ type: Int.Type) throws -> Int { try primitive(type) }
        func decode(_ type: Int8.Type) throws -> Int8 { try primitive(type) }
        func decode(_ type: Int16.Type) throws -> Int16 { try primitive(type) }
        func decode(_ type: Int32.Type) throws -> Int32 { try primitive(type) }
        func decode(_ type: Int64.Type) throws -> Int64 { try primitive(type) }
        func decode(_ type: UInt.Type) throws -> UInt { try primitive(type) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try primitive(type) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try primitive(type) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try primitive(type) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try primitive(type) }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            if PathTrackingDecoder.passesThrough(type) { return try primitive(type) }
            return try T(from: PathTrackingDecoder(base: decoder))
        }
    }
}
