/// The deterministic drafter: reads title, price, currency, service type, price type and interval from a
/// Romanian or English prompt without any model.
///
/// Prices are parsed exactly from the text (`99 RON`, `49,99 lei`, `€15`, `1.250,50 lei`, `1,250.50 EUR`,
/// `£9.99`, `RON 120`, `120 de lei`); only a number next to a currency (or after a word such as `price`/`preț`)
/// counts as a price. Keywords are matched on whole words with Romanian diacritics folded (`ședință` →
/// `sedinta`). A prompt without a price becomes PAY_WHAT_YOU_WANT (so the draft is a valid create request).
package struct RuleBasedDrafter: Sendable {
    /// The largest price read from a prompt, in minor units (999 999.99): the drafter's own cap, well below
    /// ``PayLinkInput/maxAmount``, so a longer number is more likely a typo than a price.
    package static let maximumAmount: Int64 = 99_999_999

    package init() {}

    /// A draft for `prompt`; `defaultCurrency` applies when the prompt names none.
    package func draft(prompt: String, defaultCurrency: String) -> PayLinkDraft {
        let text = PromptText(prompt)
        let price = text.price()
        let interval = text.interval()
        let isDonation = text.containsAny(Keywords.donation)
        let isPayWhatYouWant = isDonation || text.containsAny(Keywords.payWhatYouWant)
        let isFree = text.containsAny(Keywords.free)

        let serviceType: String
        if interval != nil {
            serviceType = PayLinkDraft.ServiceType.subscription
        } else if isDonation {
            serviceType = PayLinkDraft.ServiceType.service
        } else {
            serviceType = text.serviceType()
        }

        var priceType = PayLinkDraft.PriceType.fixed
        var amount: Int64 = 0
        var minAmount: Int64?
        if let price, price.amount > 0 {
            amount = price.amount
            if isPayWhatYouWant {
                priceType = PayLinkDraft.PriceType.payWhatYouWant
                if price.isMinimum { minAmount = price.amount }
            }
        } else if isFree || price != nil {
            priceType = PayLinkDraft.PriceType.free
        } else {
            priceType = PayLinkDraft.PriceType.payWhatYouWant
        }
        if serviceType == PayLinkDraft.ServiceType.subscription && priceType == PayLinkDraft.PriceType.free {
            // A free subscription cannot be charged; keep the interval and let the seller set a price.
            priceType = PayLinkDraft.PriceType.payWhatYouWant
        }
        let currency = price?.currency ?? text.anyCurrency() ?? defaultCurrency
        let description = DraftText.trimmed(prompt)
        return PayLinkDraft(
            title: text.title(excluding: price?.range) ?? Self.fallbackTitle(serviceType: serviceType, isDonation),
            description: description.isEmpty ? nil : description,
            priceType: priceType,
            serviceType: serviceType,
            amount: amount,
            currency: currency,
            minAmount: minAmount,
            recurringInterval: interval,
            trialDays: nil,
            source: .rules
        )
    }

    private static func fallbackTitle(serviceType: String, _ isDonation: Bool) -> String {
        if isDonation { return "Donation" }
        switch serviceType {
        case PayLinkDraft.ServiceType.digitalProduct: return "Digital product"
        case PayLinkDraft.ServiceType.subscription: return "Subscription"
        default: return "Service"
        }
    }
}

/// Parses a decimal amount written with Romanian or English separators into minor units, exactly.
package enum DecimalAmount {
    /// `"49,99"` → 4999, `"1.250,50"` → 125050, `"1,250.50"` → 125050, `"1.250"` → 125000, `"9.5"` → 950;
    /// `nil` for anything ambiguous, malformed or above ``RuleBasedDrafter/maximumAmount``.
    package static func minorUnits(_ text: String) -> Int64? {
        let characters = Array(text)
        guard let first = characters.first, first.isASCIIDigit, characters.last?.isASCIIDigit == true else {
            return nil
        }
        let separatorIndices = characters.indices.filter { characters[$0] == "." || characters[$0] == "," }
        guard characters.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "," }) else { return nil }
        var integerDigits = ""
        var fractionDigits = ""
        let kinds = Set(separatorIndices.map { characters[$0] })
        let groups = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
        guard groups.allSatisfy({ !$0.isEmpty }) else { return nil }
        switch (kinds.count, separatorIndices.count) {
        case (0, _):
            integerDigits = text
        case (1, 1):
            let after = groups[1]
            if after.count == 3 {
                guard groups[0].count <= 3 else { return nil }
                integerDigits = groups.joined()
            } else if after.count <= 2 {
                integerDigits = String(groups[0])
                fractionDigits = String(after)
            } else {
                return nil
            }
        case (1, _):
            guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            integerDigits = groups.joined()
        default:
            // Both kinds: the last separator is the decimal one and appears once; the other groups thousands.
            let decimal = characters[separatorIndices[separatorIndices.count - 1]]
            guard separatorIndices.filter({ characters[$0] == decimal }).count == 1 else { return nil }
            let fraction = groups[groups.count - 1]
            let thousands = groups.dropLast()
            guard fraction.count <= 2, thousands[0].count <= 3, thousands.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
            integerDigits = thousands.joined()
            fractionDigits = String(fraction)
        }
        while integerDigits.count > 1 && integerDigits.hasPrefix("0") { integerDigits.removeFirst() }
        guard integerDigits.count <= 9, let major = Int64(integerDigits) else { return nil }
        let minor = (Int64(fractionDigits) ?? 0) * (fractionDigits.count == 1 ? 10 : 1)
        let total = major * 100 + minor
        return total <= RuleBasedDrafter.maximumAmount ? total : nil
    }
}

/// A price found in a prompt: minor units, the currency next to it, and the characters it covers.
struct PriceMatch: Equatable {
    var amount: Int64
    var currency: String?
    var range: Range<Int>
    /// Preceded by `min`, `minimum`, `at least`, `from`, `de la`, `cel puțin`…
    var isMinimum: Bool
}

private enum Keywords {
    static let currencyWords: [String: String] = [
        "lei": "RON", "leu": "RON", "ron": "RON", "eur": "EUR", "euro": "EUR", "euros": "EUR", "gbp": "GBP",
        "pound": "GBP", "pounds": "GBP", "lire": "GBP",
    ]
    static let currencySymbols: [Character: String] = ["€": "EUR", "£": "GBP"]
    static let priceWords: Set<String> = [
        "price", "pret", "pretul", "cost", "costs", "costa", "only", "doar", "just", "minimum", "min", "minim",
        "suggested", "sugerat", "sugerata",
    ]
    static let minimumPhrases: [[String]] = [
        ["min"], ["minimum"], ["minim"], ["at", "least"], ["cel", "putin"], ["from"], ["de", "la"], ["starting", "at"],
        ["incepand", "de", "la"],
    ]
    static let month: [[String]] = [
        ["/", "month"], ["/", "mo"], ["/", "luna"], ["/", "lunar"], ["per", "month"], ["a", "month"], ["monthly"],
        ["lunar"], ["lunara"], ["lunare"], ["pe", "luna"], ["each", "month"], ["every", "month"],
        ["in", "fiecare", "luna"],
    ]
    static let year: [[String]] = [
        ["/", "year"], ["/", "yr"], ["/", "an"], ["per", "year"], ["a", "year"], ["yearly"], ["annual"], ["annually"],
        ["anual"], ["anuala"], ["anuale"], ["pe", "an"], ["per", "an"], ["each", "year"], ["every", "year"],
    ]
    static let subscription: [[String]] = [
        ["subscription"], ["abonament"], ["abonamentul"], ["membership"], ["recurring"], ["recurent"], ["recurenta"],
    ]
    static let donation: [[String]] = [
        ["donation"], ["donations"], ["donate"], ["donatie"], ["donatii"], ["doneaza"], ["donati"], ["contributie"],
        ["fundraiser"], ["strangere", "de", "fonduri"],
    ]
    static let payWhatYouWant: [[String]] = [
        ["pay", "what", "you", "want"], ["pay", "what", "you", "can"], ["name", "your", "price"], ["cat", "vrei"],
        ["cat", "doresti"], ["cat", "vreti"], ["cat", "poti"], ["orice", "suma"], ["any", "amount"], ["tip"], ["tips"],
        ["flexible", "price"], ["pret", "liber"], ["suma", "libera"], ["pay", "as", "you", "wish"],
    ]
    static let free: [[String]] = [
        ["free"], ["gratuit"], ["gratuita"], ["gratuite"], ["gratuitu"], ["gratis"], ["fara", "plata"],
        ["no", "charge"],
    ]
    /// Word stems (prefix match) per service type.
    static let digitalProduct: [String] = [
        "curs", "course", "ebook", "book", "carte", "carti", "pdf", "template", "sablon", "sabloane", "ghid", "guide",
        "download", "descarc", "digital", "video", "preset", "masterclass", "tutorial", "audiobook", "plugin",
        "software", "workbook", "checklist", "printable", "mp3", "album", "font", "e-book", "manual",
    ]
    static let service: [String] = [
        "consult", "sesiun", "session", "sedint", "coach", "mentor", "workshop", "atelier", "lesson", "lecti",
        "meditati", "audit", "serviciu", "servicii", "service", "masaj", "massage", "terapi", "therap", "repair",
        "reparat", "photoshoot", "appointment", "booking", "rezervar", "programar", "ticket", "bilet", "class",
        "clasa", "training", "tutoring", "traducer", "translation", "design", "call", "apel", "intalnir", "meeting",
    ]
    static let leadingFiller: [[String]] = [
        ["i", "want", "to", "sell"], ["i", "am", "selling"], ["i", "sell"], ["selling"], ["sell"], ["create"],
        ["make"], ["payment", "link", "for"], ["paylink", "for"], ["link", "for"], ["vreau", "sa", "vand"],
        ["vreau"], ["vand"], ["link", "de", "plata", "pentru"], ["link", "pentru"], ["a"], ["an"], ["the"], ["un"],
        ["o"], ["my"], ["our"], ["for"], ["pentru"], ["at"], ["la"], ["new"], ["nou"], ["noua"],
    ]
    static let removable: [[String]] =
        month + year + payWhatYouWant + [["for", "free"], ["price"], ["pret"], ["pretul"], ["monthly"], ["yearly"]]
    static let trailingConnectors: Set<String> = [
        "for", "at", "pentru", "la", "cu", "de", "only", "doar", "just", "price", "pret", "costs", "costa", "cost",
        "of", "with", "si", "and", "&", "per", "pe", "starting", "from", "min", "minimum", "minim", "is", "este",
        "e", "-", "–", "—", "the", "a", "an", "un", "o", "to", "in", "now", "acum",
    ]
}

/// A prompt with a folded copy (lowercase, diacritics removed) aligned character by character.
private struct PromptText {
    let original: [Character]
    let folded: [Character]
    /// Words, digit runs and the symbols `/ € £ $` of `folded`, with their ranges.
    let tokens: [(text: String, range: Range<Int>)]

    init(_ prompt: String) {
        original = Array(prompt)
        folded = original.map(Self.fold)
        var tokens: [(String, Range<Int>)] = []
        var index = 0
        while index < folded.count {
            let character = folded[index]
            if character.isLetter || character.isASCIIDigit {
                let start = index
                let isDigit = character.isASCIIDigit
                while index < folded.count && (isDigit ? folded[index].isASCIIDigit : folded[index].isLetter) {
                    index += 1
                }
                tokens.append((String(folded[start..<index]), start..<index))
            } else {
                if "/€£$".contains(character) { tokens.append((String(character), index..<(index + 1))) }
                index += 1
            }
        }
        self.tokens = tokens
    }

    static func fold(_ character: Character) -> Character {
        switch character {
        case "ă", "â", "à", "á", "ä", "Ă", "Â", "À", "Á", "Ä": return "a"
        case "î", "í", "ì", "ï", "Î", "Í": return "i"
        case "ș", "ş", "Ș", "Ş": return "s"
        case "ț", "ţ", "Ț", "Ţ": return "t"
        case "é", "è", "ê", "ë", "É": return "e"
        case "ó", "ò", "ô", "ö", "Ó", "Ö": return "o"
        case "ú", "ù", "û", "ü", "Ú", "Ü": return "u"
        default:
            let lowered = character.lowercased()
            return lowered.count == 1 ? Character(lowered) : character
        }
    }

    // MARK: Phrases

    private func matches(_ phrase: [String], at position: Int) -> Bool {
        guard position + phrase.count <= tokens.count else { return false }
        return phrase.indices.allSatisfy { tokens[position + $0].text == phrase[$0] }
    }

    /// The token index where the earliest of `phrases` starts.
    private func firstMatch(_ phrases: [[String]]) -> Int? {
        tokens.indices.first { position in phrases.contains { matches($0, at: position) } }
    }

    func containsAny(_ phrases: [[String]]) -> Bool { firstMatch(phrases) != nil }

    func interval() -> String? {
        let month = firstMatch(Keywords.month)
        let year = firstMatch(Keywords.year)
        switch (month, year) {
        case (let month?, let year?): return month <= year ? "month" : "year"
        case (.some, nil): return "month"
        case (nil, .some): return "year"
        case (nil, nil): return containsAny(Keywords.subscription) ? "month" : nil
        }
    }

    func serviceType() -> String {
        for token in tokens {
            if Keywords.digitalProduct.contains(where: token.text.hasPrefix) {
                return PayLinkDraft.ServiceType.digitalProduct
            }
            if Keywords.service.contains(where: token.text.hasPrefix) { return PayLinkDraft.ServiceType.service }
        }
        return PayLinkDraft.ServiceType.service
    }

    func anyCurrency() -> String? {
        for token in tokens {
            if let code = Keywords.currencyWords[token.text] { return code }
            if let symbol = token.text.first, let code = Keywords.currencySymbols[symbol] { return code }
        }
        return nil
    }

    // MARK: Price

    func price() -> PriceMatch? {
        var keyworded: PriceMatch?
        var index = 0
        while index < folded.count {
            guard folded[index].isASCIIDigit, index == 0 || !(folded[index - 1].isLetter || folded[index - 1].isNumber)
            else {
                index += 1
                continue
            }
            var end = index
            while end < folded.count
                && (folded[end].isASCIIDigit
                    || ((folded[end] == "." || folded[end] == ",") && end + 1 < folded.count
                        && folded[end + 1].isASCIIDigit))
            {
                end += 1
            }
            defer { index = end }
            guard let amount = DecimalAmount.minorUnits(String(folded[index..<end])) else { continue }
            let after = currency(after: end)
            let before = currency(before: index)
            let start = before?.start ?? index
            let match = PriceMatch(
                amount: amount,
                currency: after?.code ?? before?.code,
                range: start..<(after?.end ?? end),
                isMinimum: precededByMinimum(start)
            )
            if match.currency != nil { return match }
            if keyworded == nil, let word = word(endingBefore: start), Keywords.priceWords.contains(word) {
                keyworded = match
            }
        }
        return keyworded
    }

    private func skipSpaces(from index: Int) -> Int {
        var index = index
        while index < folded.count && folded[index].isWhitespace { index += 1 }
        return index
    }

    private func word(startingAt index: Int) -> (text: String, end: Int)? {
        var end = index
        while end < folded.count && folded[end].isLetter { end += 1 }
        return end > index ? (String(folded[index..<end]), end) : nil
    }

    private func currency(after index: Int) -> (code: String, end: Int)? {
        let start = skipSpaces(from: index)
        guard start < folded.count else { return nil }
        if let code = Keywords.currencySymbols[folded[start]] { return (code, start + 1) }
        guard var word = word(startingAt: start) else { return nil }
        if word.text == "de", let next = self.word(startingAt: skipSpaces(from: word.end)) { word = next }
        guard let code = Keywords.currencyWords[word.text] else { return nil }
        return (code, word.end)
    }

    private func currency(before index: Int) -> (code: String, start: Int)? {
        var position = index - 1
        while position >= 0 && folded[position].isWhitespace { position -= 1 }
        guard position >= 0 else { return nil }
        if let code = Keywords.currencySymbols[folded[position]] { return (code, position) }
        let end = position + 1
        while position >= 0 && folded[position].isLetter { position -= 1 }
        let text = String(folded[(position + 1)..<end])
        guard ["ron", "eur", "euro", "gbp", "lei"].contains(text), let code = Keywords.currencyWords[text] else {
            return nil
        }
        return (code, position + 1)
    }

    /// The word just before `index` (skipping spaces and a colon).
    private func word(endingBefore index: Int) -> String? {
        var position = index - 1
        while position >= 0 && (folded[position].isWhitespace || folded[position] == ":") { position -= 1 }
        let end = position + 1
        while position >= 0 && folded[position].isLetter { position -= 1 }
        return end > position + 1 ? String(folded[(position + 1)..<end]) : nil
    }

    private func precededByMinimum(_ index: Int) -> Bool {
        let before = tokens.filter { $0.range.upperBound <= index }.suffix(3).map(\.text)
        return Keywords.minimumPhrases.contains { phrase in
            before.count >= phrase.count && Array(before.suffix(phrase.count)) == phrase
        }
    }

    // MARK: Title

    /// A short title from the first sentence-like segment that has one, without price, interval and filler.
    func title(excluding priceRange: Range<Int>?) -> String? {
        for segment in segments() {
            if let title = title(in: segment, excluding: priceRange) { return title }
        }
        return nil
    }

    private func segments() -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for index in original.indices {
            let character = original[index]
            var isBreak = "\n!?;()|".contains(character)
            if character == "." || character == "," || character == ":" {
                let digitBefore = index > 0 && original[index - 1].isASCIIDigit
                let digitAfter = index + 1 < original.count && original[index + 1].isASCIIDigit
                isBreak = !(digitBefore && digitAfter)
            }
            if "-–—".contains(character), index > 0, index + 1 < original.count, original[index - 1] == " ",
                original[index + 1] == " "
            {
                isBreak = true
            }
            if isBreak {
                if index > start { result.append(start..<index) }
                start = index + 1
            }
        }
        if start < original.count { result.append(start..<original.count) }
        return result
    }

    private func title(in segment: Range<Int>, excluding priceRange: Range<Int>?) -> String? {
        // Whitespace-separated pieces of the original text, each with its folded, punctuation-free key.
        var pieces: [(range: Range<Int>, key: String, raw: String)] = []
        var index = segment.lowerBound
        while index < segment.upperBound {
            if original[index].isWhitespace {
                index += 1
                continue
            }
            let start = index
            while index < segment.upperBound && !original[index].isWhitespace { index += 1 }
            let raw = String(folded[start..<index])
            let key = String(
                raw.drop(while: { !$0.isLetter && !$0.isNumber }).reversed().drop(while: {
                    !$0.isLetter && !$0.isNumber
                }).reversed()
            )
            pieces.append((start..<index, key, raw))
        }
        if let priceRange { pieces.removeAll { $0.range.overlaps(priceRange) } }
        pieces.removeAll { $0.raw.hasPrefix("/") || $0.key.isEmpty && !"&+".contains($0.raw) }
        // Phrases that describe the price rather than the product.
        var position = 0
        while position < pieces.count {
            if let phrase = Keywords.removable.first(where: { phrase in
                position + phrase.count <= pieces.count
                    && phrase.indices.allSatisfy { pieces[position + $0].key == phrase[$0] }
            }) {
                pieces.removeSubrange(position..<(position + phrase.count))
            } else {
                position += 1
            }
        }
        var changed = true
        while changed && !pieces.isEmpty {
            changed = false
            if let phrase = Keywords.leadingFiller.first(where: { phrase in
                phrase.count < pieces.count && phrase.indices.allSatisfy { pieces[$0].key == phrase[$0] }
            }) {
                pieces.removeFirst(phrase.count)
                changed = true
            }
            if let last = pieces.last, Keywords.trailingConnectors.contains(last.key) || last.key.isEmpty {
                pieces.removeLast()
                changed = true
            }
        }
        guard !pieces.isEmpty else { return nil }
        var title = pieces.map { String(original[$0.range]) }.joined(separator: " ")
        while let last = title.last, ",.;:-–—".contains(last) { title.removeLast() }
        if title.count > 80 {
            let cut = title.prefix(80)
            title = String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut)
        }
        guard let first = title.first else { return nil }
        return first.uppercased() + title.dropFirst()
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
