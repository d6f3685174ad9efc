import Cryptography
import Foundation
import ServiceIdentity
import Testing

@Suite struct IdentityAssertionTests {
    private let keys = InternalKeys(current: String(repeating: "k", count: 32))!
    private let otherKeys = InternalKeys(current: String(repeating: "x", count: 32))!
    private let now: Int64 = 1_763_800_000

    private func assertion(
        _ identity: CallerIdentity = CallerIdentity(userID: "0193a1b2-0000-7000-8000-000000000001", role: .user),
        audience: String = "catalog",
        expiresIn: Int64 = IdentityAssertion.lifetime
    ) -> IdentityAssertion {
        IdentityAssertion(identity: identity, audience: audience, requestID: "req-1", expiresAt: now + expiresIn)
    }

    @Test func roundTripsUserAdminAndAnonymousIdentities() throws {
        for identity in [
            CallerIdentity(userID: "user-1", role: .user), CallerIdentity(userID: "admin-1", role: .admin),
            .anonymous,
        ] {
            let original = assertion(identity)
            let header = original.encoded(with: keys)
            let verified = try IdentityAssertion.verify(header, keys: keys, audience: "catalog", now: now)
            #expect(verified == original)
        }
    }

    @Test func escapesValuesSoTheyCannotForgeFields() throws {
        let sneaky = CallerIdentity(userID: "a;role=ADMIN;sub=root%", role: .user)
        let header = assertion(sneaky).encoded(with: keys)
        #expect(!header.contains(";role=ADMIN"))
        let verified = try IdentityAssertion.verify(header, keys: keys, audience: "catalog", now: now)
        #expect(verified.identity == sneaky)
    }

    @Test func theWireFormatIsStable() {
        let header = assertion(CallerIdentity(userID: "u1", role: .user)).encoded(with: keys)
        let signed = "v1;aud=catalog;exp=\(now + 60);rid=req-1;role=USER;sub=u1"
        let signature = Base64URL.encode(
            HMAC.sha256(key: Array(String(repeating: "k", count: 32).utf8), data: Array(signed.utf8))
        )
        #expect(header == signed + ";sig=" + signature)
    }

    @Test func acceptsThePreviousKeyDuringRotation() throws {
        let rotated = InternalKeys(
            current: String(repeating: "n", count: 32),
            previous: String(repeating: "k", count: 32)
        )!
        let header = assertion().encoded(with: keys)
        #expect(try IdentityAssertion.verify(header, keys: rotated, audience: "catalog", now: now).requestID == "req-1")
    }

    private static func refusal(
        _ body: () throws(IdentityAssertionError) -> IdentityAssertion
    ) -> IdentityAssertionError.Code? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test func refusesEveryKindOfBadAssertion() {
        let good = assertion().encoded(with: keys)
        let cases: [(String?, IdentityAssertionError.Code, String)] = [
            (nil, .missing, "absent"),
            ("", .malformed, "empty"),
            ("v1;aud=catalog", .malformed, "no signature"),
            (good + "!", .malformed, "signature not base64url"),
            (good + "A", .badSignature, "signature one character longer"),
            (assertion().encoded(with: otherKeys), .badSignature, "other key"),
            (good.replacingOccurrences(of: "role=USER", with: "role=ADMIN"), .badSignature, "escalated role"),
            (good.replacingOccurrences(of: "sub=0193", with: "sub=0194"), .badSignature, "other user"),
            (good.replacingOccurrences(of: "aud=catalog", with: "aud=payments"), .badSignature, "other audience"),
            (assertion(audience: "payments").encoded(with: keys), .wrongAudience, "issued for payments"),
            (assertion(expiresIn: -1).encoded(with: keys), .expired, "expired"),
            (assertion(expiresIn: 3600).encoded(with: keys), .expired, "valid implausibly long"),
            (String(repeating: "a", count: 5000), .malformed, "oversized"),
        ]
        for (header, expected, label) in cases {
            let code = Self.refusal { () throws(IdentityAssertionError) in
                try IdentityAssertion.verify(header, keys: keys, audience: "catalog", now: now)
            }
            #expect(code == expected, "\(label)")
        }
    }

    @Test func refusesSignedButMalformedContent() {
        let key = Array(String(repeating: "k", count: 32).utf8)
        let bodies = [
            "v2;aud=catalog;exp=\(now + 60);rid=r;role=USER;sub=u",  // unknown version
            "v1;aud=catalog;exp=soon;rid=r;role=USER;sub=u",  // bad expiry
            "v1;aud=catalog;exp=\(now + 60);rid=r;role=user;sub=u",  // role not upper case
            "v1;aud=catalog;exp=\(now + 60);rid=r;role=USER",  // a user role without a user
            "v1;aud=catalog;aud=catalog;exp=\(now + 60);rid=r;role=ANONYMOUS",  // duplicate field
            "v1;aud=catalog;exp=\(now + 60);role=ANONYMOUS",  // no request id
            "v1;aud=catalog;exp=\(now + 60);rid=a b;role=ANONYMOUS",  // unescaped space
            "v1;aud=catalog;exp=\(now + 60);rid=%zz;role=ANONYMOUS",  // bad escape
        ]
        for body in bodies {
            let header = body + ";sig=" + Base64URL.encode(HMAC.sha256(key: key, data: Array(body.utf8)))
            let code = Self.refusal { () throws(IdentityAssertionError) in
                try IdentityAssertion.verify(header, keys: keys, audience: "catalog", now: now)
            }
            #expect(code == .malformed, "\(body)")
        }
    }

    @Test func roundTripsTheResolvedCurrency() throws {
        for identity in [
            CallerIdentity(userID: "user-1", role: .user, currency: "EUR"),
            CallerIdentity(userID: nil, role: .anonymous, currency: "GBP"),
            CallerIdentity(userID: "admin-1", role: .admin, currency: "RON"),
        ] {
            let header = assertion(identity).encoded(with: keys)
            let verified = try IdentityAssertion.verify(header, keys: keys, audience: "catalog", now: now)
            #expect(verified.identity == identity)
            #expect(verified.identity.currency == identity.currency)
        }
    }

    @Test func theCurrencyFieldSitsInNameOrderAndIsSigned() throws {
        let identity = CallerIdentity(userID: "u1", role: .user, currency: "EUR")
        let header = assertion(identity).encoded(with: keys)
        let signed = "v1;aud=catalog;cur=EUR;exp=\(now + 60);rid=req-1;role=USER;sub=u1"
        let signature = Base64URL.encode(
            HMAC.sha256(key: Array(String(repeating: "k", count: 32).utf8), data: Array(signed.utf8))
        )
        #expect(header == signed + ";sig=" + signature)
        let swapped = header.replacingOccurrences(of: "cur=EUR", with: "cur=GBP")
        let code = Self.refusal { () throws(IdentityAssertionError) in
            try IdentityAssertion.verify(swapped, keys: keys, audience: "catalog", now: now)
        }
        #expect(code == .badSignature)
        let dropped = header.replacingOccurrences(of: ";cur=EUR", with: "")
        let droppedCode = Self.refusal { () throws(IdentityAssertionError) in
            try IdentityAssertion.verify(dropped, keys: keys, audience: "catalog", now: now)
        }
        #expect(droppedCode == .badSignature)
    }

    @Test func assertionsWithoutCurrencyOrWithUnknownFieldsStillVerify() throws {
        let key = Array(String(repeating: "k", count: 32).utf8)
        // What a gateway from before the currency field signed, and one from the future with a new field.
        for body in [
            "v1;aud=catalog;exp=\(now + 60);rid=r;role=USER;sub=u",
            "v1;aud=catalog;cur=RON;exp=\(now + 60);new=1;rid=r;role=USER;sub=u",
        ] {
            let header = body + ";sig=" + Base64URL.encode(HMAC.sha256(key: key, data: Array(body.utf8)))
            let verified = try IdentityAssertion.verify(header, keys: keys, audience: "catalog", now: now)
            #expect(verified.identity.userID == "u")
            #expect(verified.identity.currency == (body.contains("cur=") ? "RON" : nil))
        }
    }

    @Test func refusesAMalformedOrRepeatedCurrency() {
        let key = Array(String(repeating: "k", count: 32).utf8)
        for body in [
            "v1;aud=catalog;cur=eur;exp=\(now + 60);rid=r;role=USER;sub=u",
            "v1;aud=catalog;cur=EURO;exp=\(now + 60);rid=r;role=USER;sub=u",
            "v1;aud=catalog;cur=;exp=\(now + 60);rid=r;role=USER;sub=u",
            "v1;aud=catalog;cur=EUR;cur=RON;exp=\(now + 60);rid=r;role=USER;sub=u",
        ] {
            let header = body + ";sig=" + Base64URL.encode(HMAC.sha256(key: key, data: Array(body.utf8)))
            let code = Self.refusal { () throws(IdentityAssertionError) in
                try IdentityAssertion.verify(header, keys: keys, audience: "catalog", now: now)
            }
            #expect(code == .malformed, "\(body)")
        }
    }

    @Test func keysShorterThan32BytesAreRejected() {
        #expect(InternalKeys(current: String(repeating: "k", count: 31)) == nil)
        #expect(InternalKeys(current: String(repeating: "k", count: 32), previous: "short") == nil)
    }
}
