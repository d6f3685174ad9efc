/// Billing period arithmetic in UTC, as Stripe bills: days and weeks are exact, months and years follow the
/// calendar and keep the anchor's day of month (Jan 31 + 1 month → Feb 28/29, + 2 months → Mar 31).
package enum BillingPeriods {
    /// The recurring intervals.
    package static let intervals = ["day", "week", "month", "year"]

    /// The longest interval Stripe allows: three years in the interval's unit.
    package static func maxCount(_ interval: String) -> Int64 {
        switch interval {
        case "day": 1095
        case "week": 156
        case "month": 36
        default: 3
        }
    }

    /// The boundary `steps` intervals of `count` `interval`s after `anchor`.
    package static func add(_ anchor: Int64, interval: String, count: Int64, steps: Int64 = 1) -> Int64 {
        switch interval {
        case "day": return anchor + 86_400 * count * steps
        case "week": return anchor + 7 * 86_400 * count * steps
        case "year": return addMonths(anchor, 12 * count * steps)
        default: return addMonths(anchor, count * steps)
        }
    }

    /// The first boundary `anchor + k × interval` (k ≥ 1) strictly after `time`.
    package static func next(after time: Int64, anchor: Int64, interval: String, count: Int64) -> Int64 {
        guard time >= anchor else { return add(anchor, interval: interval, count: count) }
        var steps: Int64
        switch interval {
        case "day", "week":
            let length = (interval == "day" ? 86_400 : 7 * 86_400) * count
            steps = (time - anchor) / length
        default:
            let months = (interval == "year" ? 12 : 1) * count
            let from = civil(anchor)
            let to = civil(time)
            steps = ((to.year - from.year) * 12 + (to.month - from.month)) / months
        }
        steps = max(steps - 1, 1)
        // The estimate is at most a step or two short; walk forward (bounded).
        for _ in 0..<4 {
            let boundary = add(anchor, interval: interval, count: count, steps: steps)
            if boundary > time { return boundary }
            steps += 1
        }
        return add(anchor, interval: interval, count: count, steps: steps)
    }

    /// `time` plus `months` calendar months, the day clamped to the target month's length.
    package static func addMonths(_ time: Int64, _ months: Int64) -> Int64 {
        let date = civil(time)
        let total = date.year * 12 + (date.month - 1) + months
        let year = floorDiv(total, 12)
        let month = total - year * 12 + 1
        let day = min(date.day, daysInMonth(year: year, month: month))
        return days(year: year, month: month, day: day) * 86_400 + date.seconds
    }

    /// The number of days in a month of the proleptic Gregorian calendar.
    package static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The UTC calendar date of a unix time and the seconds into its day.
    package static func civil(_ time: Int64) -> (year: Int64, month: Int64, day: Int64, seconds: Int64) {
        let dayNumber = floorDiv(time, 86_400)
        let seconds = time - dayNumber * 86_400
        // Howard Hinnant's civil_from_days.
        let shifted = dayNumber + 719_468
        let era = floorDiv(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, seconds)
    }

    /// Days since 1970-01-01 of a calendar date (Howard Hinnant's days_from_civil).
    package static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = floorDiv(adjustedYear, 400)
        let yearOfEra = adjustedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
