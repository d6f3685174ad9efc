/// RS256 tokens signed with a 2048-bit key by the `openssl` CLI (no RSA signing exists in our code).
///
/// Regenerate (then paste the outputs here):
///
/// ```sh
/// openssl genrsa -out k2048.pem 2048
/// openssl rsa -in k2048.pem -noout -text          # modulus → Base64URL for `modulus`
/// si="$(b64url "$header").$(b64url "$payload")"  # b64url: base64 | tr '+/' '-_' | tr -d '=\n'
/// printf %s "$si" | openssl dgst -sha256 -sign k2048.pem | b64url                        # PKCS#1 v1.5
/// printf %s "$si" | openssl dgst -sha256 -sign k2048.pem \
///     -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 | b64url                     # PSS
/// ```
///
/// Payload of every token (compact JSON): `{"iss":"https://accounts.google.com","aud":"paylinks-client",
/// "sub":"1234567890","email":"seller@example.com","iat":1700000000,"exp":1700003600}`.
enum OpenSSLRS256Fixtures {
    static let keyID = "test-2048"
    static let issuedAt: Int64 = 1_700_000_000
    static let expiration: Int64 = 1_700_003_600

    static let modulus =
        "oibYdKTsOw82P5Uc3rg26YD_Doq4TS211ajbeT2hBGJo-K2e3smhpRNI_0knj1_RtIbDMcKEMkShujB2FoX615APB1AK9yjt3iYdfLIQsL_"
        + "2Ql9igu8q89wX0g3pvoW6dHpBs9eBEbX1bdVAPSs31Y6k33GJ4oUB3H4pwa5lRQtodquJBri9-n_yF2yQo4qGN1dXwblG6GhYqmdSunpFLrC"
        + "BWCn-6JLt-DEcLpurZzpBgU8xJjdU2LYpRlI-Z7K-S5hbtmRg7hbdPutzppjHRnvMYf6YHCFAmDiRJGAAJ4ez7t8BWUZZDdPZ2OJkSdpnsgL"
        + "rx8vQtDd3fQ9r_Jy75w"

    static let payloadSegment =
        "eyJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLCJhdWQiOiJwYXlsaW5rcy1jbGllbnQiLCJzdWIiOiIxMjM0NTY3ODkwIiwiZ"
        + "W1haWwiOiJzZWxsZXJAZXhhbXBsZS5jb20iLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0"

    /// Header `{"alg":"RS256","kid":"test-2048","typ":"JWT"}`, PKCS#1 v1.5.
    static let valid =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QtMjA0OCIsInR5cCI6IkpXVCJ9." + payloadSegment + "."
        + "OSP_yyPXjq1YvI9SYXpcOhde2Ctq2MzRkaX4KUJmm74exogndrzKVo"
        + "6o2YwVSzTJEN6Vf_3rCAc3XGgzomnpcS5eQ5svGdR5odJpeg4RO6j9h"
        + "SdVm7A1i5JRpj2G8dbsnDUwDU2FpdcyftDtWEiYMJXAehA3gj1eXaH"
        + "4nOecBySZUmf_f7G9fVA1I_NvyEf5psuthxPis_6pGiumkM9my23Rrl"
        + "xB0bwSPWoxst12EppA-Qb9YSV-A1UnEe-sCcdlQ_l4npsKyvtjH1I1"
        + "I5rqepxehqz7T1W-WNCOrCFgss3gnVFU3AwIABQ88utnGdpeubuCklO"
        + "RicOsIGQPr7xnuw"

    /// Header `{"alg":"RS256","kid":"rotated-away","typ":"JWT"}`, PKCS#1 v1.5, same key.
    static let unknownKeyID =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InJvdGF0ZWQtYXdheSIsInR5cCI6IkpXVCJ9." + payloadSegment + "."
        + "nnVYZeWyZKFl0RCBNGuK5u_Vz6SHQLygeP8OLjdFxU_hmGSOMrcd4t"
        + "mBfocy5K6GzMGGbzSZUwMtcMnHsZodlYtVKmIYiPOuGMbF5wsC4MGia"
        + "elc9JicfPKhxwFx4Wou-jTQD62v2VSmLyoCrQ1J-TrOU3U0a4hFIfS"
        + "EtxfnrBVmfrGD2WHgWK4dFdDLJxBkplIseTSimTn6XUe_ll6gZMgDyo"
        + "4dBT3MNJtruGz9epFlXbVpp9nOtxEFbj3f2pfcrNpvL85NdzU-6Pkn"
        + "k5ubixQKC3YZRUX1NmroZFUEfibNypKJY72a2K-b6RNk7FN5DBqJGgN"
        + "8x9kzuUB4gqReFQ"

    /// Header `{"alg":"RS256","typ":"JWT"}` (no `kid`), PKCS#1 v1.5.
    static let noKeyID =
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." + payloadSegment + "."
        + "G5MFlfqQuMLHUYAA-vuLArWRbOzVu9oke__VQ29PQ-ZjoD4wOeNjI_"
        + "fSHtNtnmlrYOsDPiOGE624M1-pbRtmFzw-Xa0ZDEL_epoUJ7HL1lItL"
        + "pEkrTC_4lq1rYSxtKLz_QIfiOP2uSAQWgNmNbUgpDRzaYfQSOJj64U"
        + "sLxghfIxyxussOUrvNn_wYsrcE6Kpa-xmVhXtsxQGYKVIKTOZkh-pGd"
        + "Oq37cs4wyuCJ9INUmZKO08g0G2PQnUtps3Km3tvuaUjHxcqaDQpLcW"
        + "gPV2qRVBn4JtxI4eNaAZPa38KKl7BBOrcDS_a35wuR1oj_P3Tfyb0uE"
        + "9kYAOr4a4SsQ7eQ"

    /// Same header as ``valid`` but signed with RSASSA-PSS: labelled RS256, so it must not verify.
    static let pssSigned =
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QtMjA0OCIsInR5cCI6IkpXVCJ9." + payloadSegment + "."
        + "Ac9Ut-hxjxdcZtcLgid1vQ22Z6HEWSWyDD385L4WF4snJwOv7z8U2Y"
        + "3aPps97JqR3UiteqzTUQEcsLfTurrNJWhOgFkCFrKIc9npvGkHd3-zy"
        + "so1h5_qBYtUnwQnMKph6nHgRFBVx3rEN5IPQLxPxMg23KQ53Jth0cG"
        + "HEXn84Rgcy-mtHqqG3F0S3CUvnUK4l3k2_e0S5EWXUkUeSwjDbUoASh"
        + "L9Ytf1Y8_ld26ZJSnDbWBXrJzxBbN8QY-iNziXonyG65h85Gq2rqPu"
        + "h7sf2BxdbjrSoy24raySayc-QzRuxb0IdCcYwfraMPcW3lgou2DrieF"
        + "b-NRIIf8DvsCPYw"

    /// A JWKS document with this key, the RFC 7515 key, and entries that must be skipped.
    static let jwks = """
        {"keys":[
          {"kty":"RSA","kid":"test-2048","use":"sig","alg":"RS256","n":"\(modulus)","e":"AQAB"},
          {"kty":"RSA","kid":"rfc7515","n":"\(RFC7515.rsaModulus)","e":"AQAB"},
          {"kty":"RSA","kid":"encryption-only","use":"enc","n":"\(modulus)","e":"AQAB"},
          {"kty":"RSA","kid":"ps256-only","alg":"PS256","n":"\(modulus)","e":"AQAB"},
          {"kty":"EC","kid":"ec-key","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
           "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
          {"kty":"RSA","n":"\(modulus)","e":"AQAB"}
        ]}
        """
}
