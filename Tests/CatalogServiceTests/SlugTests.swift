import HTTPRouter
import Testing

@testable import CatalogService

@Suite struct SlugTests {
    @Test(
        arguments: [
            ("Premium Course", "premium-course"),
            ("Curs de gătit pentru începători", "curs-de-gatit-pentru-incepatori"),
            ("ĂÂÎȘȚ ăâîșț", "aaist-aaist"),
            ("Şcoala de ţesut (cedilla forms)", "scoala-de-tesut-cedilla-forms"),
            ("ŞŢ şţ", "st-st"),
            ("  --Hello,   World!!  ", "hello-world"),
            ("Café crème brûlée", "cafe-creme-brulee"),
            ("Straße", "strasse"),
            ("100% Python 3.12", "100-python-3-12"),
            ("🎉🎉🎉", "link"),
            ("", "link"),
            ("Admin", "admin-link"),
            ("dashboard", "dashboard-link"),
            ("a", "a"),
        ]
    )
    func generatesFromTitle(title: String, expected: String) {
        let slug = Slug.base(fromTitle: title)
        #expect(slug == expected)
        #expect(Slug.isWellFormed(slug))
    }

    @Test func longTitlesAreCutAt80WithoutATrailingDash() {
        let slug = Slug.base(fromTitle: String(repeating: "abcdefghi ", count: 20))
        #expect(slug.count <= 80)
        #expect(slug.count >= 75)
        #expect(!slug.hasSuffix("-"))
        #expect(Slug.isWellFormed(slug))
        let tenth = Slug.candidate(slug, number: 10)
        #expect(tenth.hasSuffix("-10"))
        #expect(tenth.count <= 80)
        #expect(Slug.isWellFormed(tenth))
    }

    @Test func collisionSuffixes() {
        #expect(Slug.candidate("yoga", number: 1) == "yoga")
        #expect(Slug.candidate("yoga", number: 2) == "yoga-2")
        #expect(Slug.candidate("yoga", number: 3) == "yoga-3")
    }

    @Test(
        arguments: [
            ("ab", "3 to 80"),
            (String(repeating: "a", count: 81), "3 to 80"),
            ("Upper-Case", "lowercase"),
            ("with space", "lowercase"),
            ("double--dash", "lowercase"),
            ("-leading", "lowercase"),
            ("trailing-", "lowercase"),
            ("under_score", "lowercase"),
            ("ăîș-slug", "lowercase"),
            ("dashboard", "reserved"),
            ("api", "reserved"),
            ("admin", "reserved"),
            ("login", "reserved"),
            ("settings", "reserved"),
        ]
    )
    func rejectsBadCustomSlugs(slug: String, reason: String) {
        #expect {
            try Slug.validateCustom(slug)
        } throws: { error in
            let message = (error as? HTTPError)?.message ?? ""
            return message.contains("slug") && message.contains(reason)
        }
    }

    @Test func acceptsGoodCustomSlugs() throws {
        for slug in ["premium-course", "abc", "curs-2026", String(repeating: "a", count: 80)] {
            try Slug.validateCustom(slug)
        }
    }
}
