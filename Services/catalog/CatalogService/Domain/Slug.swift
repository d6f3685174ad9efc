import Foundation
import HTTPRouter

/// Public slugs (`https://paylinks.ro/p/{slug}`): lowercase letters, digits and single dashes, at most 80
/// characters, unique across the platform.
enum Slug {
    /// The longest slug.
    static let maxLength = 80
    /// The shortest custom slug (generated ones may be shorter, `a` for a title `A`).
    static let minCustomLength = 3

    /// Words a custom slug may not be: paths of the web app and the API, and names that look official.
    static let reserved: Set<String> = [
        "about", "account", "admin", "administrator", "ai-draft", "api", "app", "assets", "auth", "billing",
        "blog", "checkout", "contact", "dashboard", "docs", "edit", "help", "healthz", "home", "internal",
        "login", "logout", "me", "new", "p", "pay", "paylinks", "payments", "pricing", "privacy", "public",
        "register", "root", "settings", "signin", "signup", "static", "status", "support", "system", "terms",
        "uploads", "www",
    ]

    /// The slug a title suggests: diacritics dropped (`ă â î ș ț`, the cedilla forms `ş ţ`, any accent),
    /// lower case, every run of other characters a single dash, at most ``maxLength``; `link` when nothing
    /// is left. Reserved words get a `-link` suffix, so the result is always usable as a base.
    static func base(fromTitle title: String) -> String {
        var bytes: [UInt8] = []
        var pendingDash = false
        for scalar in title.decomposedStringWithCanonicalMapping.unicodeScalars {
            let properties = scalar.properties
            if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark {
                continue  // the accent of a decomposed letter: ș → s + U+0326
            }
            let ascii: String
            switch scalar {
            case "a"..."z", "0"..."9": ascii = String(scalar)
            case "A"..."Z": ascii = String(scalar).lowercased()
            case "ß": ascii = "ss"
            case "æ", "Æ": ascii = "ae"
            case "ø", "Ø": ascii = "o"
            case "đ", "Đ": ascii = "d"
            case "ł", "Ł": ascii = "l"
            default: ascii = ""
            }
            if ascii.isEmpty {
                pendingDash = !bytes.isEmpty
                continue
            }
            if pendingDash { bytes.append(UInt8(ascii: "-")) }
            pendingDash = false
            bytes.append(contentsOf: ascii.utf8)
            if bytes.count >= maxLength { break }
        }
        var slug = String(decoding: bytes.prefix(maxLength), as: UTF8.self)
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { return "link" }
        if reserved.contains(slug) { return slug + "-link" }
        return slug
    }

    /// `base` with the collision suffix `-n` (n ≥ 2), shortened so the result fits ``maxLength``.
    static func candidate(_ base: String, number: Int) -> String {
        guard number > 1 else { return base }
        let suffix = "-\(number)"
        var head = String(base.prefix(maxLength - suffix.count))
        while head.hasSuffix("-") { head.removeLast() }
        return head + suffix
    }

    /// Whether `text` has the slug shape: `[a-z0-9]+(-[a-z0-9]+)*`, 1…80 bytes.
    static func isWellFormed(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...maxLength).contains(bytes.count), bytes.first != UInt8(ascii: "-"),
            bytes.last != UInt8(ascii: "-")
        else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): break
            case UInt8(ascii: "-") where previous != UInt8(ascii: "-"): break
            default: return false
            }
            previous = byte
        }
        return true
    }

    /// Checks a slug the seller chose.
    ///
    /// - Throws: 400 `VALIDATION_ERROR` naming `slug` for a bad charset or length, or a reserved word.
    static func validateCustom(_ text: String) throws(HTTPError) {
        guard (minCustomLength...maxLength).contains(text.utf8.count) else {
            throw .validation("slug must be \(minCustomLength) to \(maxLength) characters")
        }
        guard isWellFormed(text) else {
            throw .validation("slug may only contain lowercase letters a-z, digits and single dashes between them")
        }
        guard !reserved.contains(text) else { throw .validation("slug '\(text)' is reserved") }
    }
}
