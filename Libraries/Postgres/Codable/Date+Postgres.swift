package import Foundation

extension Date: PostgresArrayElement {
    /// `timestamptz`.
    package static var postgresDataType: PostgresDataType { .timestamptz }
    /// Binary (microseconds since 2000-01-01 UTC).
    package static var postgresFormat: PostgresFormat { .binary }
    /// `timestamptz[]`.
    package static var postgresArrayDataType: PostgresDataType { .timestamptzArray }

    /// Milliseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
    static let postgresEpochMilliseconds: Int64 = 946_684_800_000

    /// Appends the instant rounded to the millisecond, as PostgreSQL's microsecond count.
    package func encode(into buffer: inout [UInt8]) {
        let milliseconds = Int64((timeIntervalSince1970 * 1000).rounded())
        ((milliseconds - Self.postgresEpochMilliseconds) * 1000).encode(into: &buffer)
    }

    /// Decodes `timestamptz`, `timestamp` (read as UTC) and `date` (midnight UTC), truncated to the
    /// millisecond; `infinity`/`-infinity` become `distantFuture`/`distantPast`.
    package static func decode(from bytes: Span<UInt8>, type: PostgresDataType) throws -> Date {
        switch type {
        case .timestamptz, .timestamp, .date:
            guard let milliseconds = PostgresTimestampParser.millisecondsSince1970(bytes) else {
                throw PostgresDecodingError("not an ISO timestamp (is DateStyle ISO?)")
            }
            switch milliseconds {
            case .max: return .distantFuture
            case .min: return .distantPast
            default: return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            }
        default:
            throw PostgresDecodingError.unsupportedType(type)
        }
    }
}

/// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff][±HH[:MM[:SS]]]][ BC]`, the ISO output of `date`, `timestamp` and
/// `timestamptz`.
enum PostgresTimestampParser {
    /// Milliseconds since 1970-01-01 UTC; `Int64.max`/`.min` for `infinity`/`-infinity`; `nil` if malformed.
    static func millisecondsSince1970(_ bytes: Span<UInt8>) -> Int64? {
        if bytes.count == 8 || bytes.count == 9 {
            switch PostgresText.string(bytes) {
            case "infinity": return .max
            case "-infinity": return .min
            default: break
            }
        }
        var index = 0
        guard var year = number(bytes, &index, minimumDigits: 4, maximumDigits: 9),
            take(PostgresText.minus, bytes, &index),
            let month = number(bytes, &index, digits: 2), take(PostgresText.minus, bytes, &index),
            let day = number(bytes, &index, digits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var milliseconds: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "T"),
            index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "B")
        {
            index += 1
            guard let time = timeOfDay(bytes, &index) else { return nil }
            milliseconds = time
        }
        if take(UInt8(ascii: " "), bytes, &index) {
            guard take(UInt8(ascii: "B"), bytes, &index), take(UInt8(ascii: "C"), bytes, &index) else { return nil }
            year = 1 - year
        }
        guard index == bytes.count else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400_000 + milliseconds
    }

    /// `HH:MM:SS[.ffffff][±HH[:MM[:SS]]]` as milliseconds after midnight UTC (the fraction truncated).
    private static func timeOfDay(_ bytes: Span<UInt8>, _ index: inout Int) -> Int64? {
        guard let hour = number(bytes, &index, digits: 2), take(UInt8(ascii: ":"), bytes, &index),
            let minute = number(bytes, &index, digits: 2), take(UInt8(ascii: ":"), bytes, &index),
            let second = number(bytes, &index, digits: 2)
        else { return nil }
        var milliseconds = (hour * 3600 + minute * 60 + second) * 1000
        if take(PostgresText.dot, bytes, &index) {
            var scale: Int64 = 100
            guard index < bytes.count, PostgresText.isDigit(bytes[index]) else { return nil }
            while index < bytes.count, PostgresText.isDigit(bytes[index]) {
                milliseconds += Int64(bytes[index] - PostgresText.zero) * scale
                scale /= 10
                index += 1
            }
        }
        if index < bytes.count, bytes[index] == PostgresText.plus || bytes[index] == PostgresText.minus {
            let isPositive = bytes[index] == PostgresText.plus
            index += 1
            guard let hours = number(bytes, &index, digits: 2) else { return nil }
            var offset = hours * 3600
            if take(UInt8(ascii: ":"), bytes, &index) {
                guard let minutes = number(bytes, &index, digits: 2) else { return nil }
                offset += minutes * 60
                if take(UInt8(ascii: ":"), bytes, &index) {
                    guard let seconds = number(bytes, &index, digits: 2) else { return nil }
                    offset += seconds
                }
            }
            milliseconds -= (isPositive ? offset : -offset) * 1000
        }
        return milliseconds
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func take(_ byte: UInt8, _ bytes: Span<UInt8>, _ index: inout Int) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private static func number(_ bytes: Span<UInt8>, _ index: inout Int, digits: Int) -> Int64? {
        number(bytes, &index, minimumDigits: digits, maximumDigits: digits)
    }

    private static func number(
        _ bytes: Span<UInt8>,
        _ index: inout Int,
        minimumDigits: Int,
        maximumDigits: Int
    ) -> Int64? {
        var value: Int64 = 0
        var count = 0
        while count < maximumDigits, index < bytes.count, PostgresText.isDigit(bytes[index]) {
            value = value * 10 + Int64(bytes[index] - PostgresText.zero)
            index += 1
            count += 1
        }
        return count >= minimumDigits ? value : nil
    }
}
