/// The signed statement the gateway attaches to every request it forwards to an internal service: who the
/// caller is, which service it is meant for, which request it belongs to, and until when it is valid.
///
/// On the wire it is one header, ``headerName``, holding `;`-separated `key=value` fields followed by an
/// HMAC-SHA256 over everything before `;sig=`:
///
/// ```
/// X-PayLinks-Identity: v1;aud=catalog;cur=EUR;exp=1763812345;rid=0193…;role=USER;sub=0193…;sig=<base64url>
/// ```
///
/// Fields appear in name order; `cur` (``CallerIdentity/currency``) and `sub` are omitted when absent, and
/// verifiers skip field names they do not know, so a newer gateway can add fields.
///
/// Values are percent-encoded, so a value can never forge a field. Assertions are short-lived (``lifetime``)
/// and bound to one audience, so one taken from a request to `catalog` is useless against `payments`.
package struct IdentityAssertion: Sendable, Hashable {
    /// The header that carries the assertion from the gateway to a service.
    package static let headerName = "X-PayLinks-Identity"
    /// How long an assertion is valid after it is issued.
    package static let lifetime: Int64 = 60

    /// The caller.
    package var identity: CallerIdentity
    /// The service the assertion is for, such as `catalog`.
    package var audience: String
    /// The request id the assertion was issued for.
    package var requestID: String
    /// Expiry, in Unix seconds.
    package var expiresAt: Int64

    /// Creates an assertion.
    package init(identity: CallerIdentity, audience: String, requestID: String, expiresAt: Int64) {
        self.identity = identity
        self.audience = audience
        self.requestID = requestID
        self.expiresAt = expiresAt
    }
}
