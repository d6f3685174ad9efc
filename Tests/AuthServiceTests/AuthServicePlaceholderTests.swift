import Testing

@Suite struct AuthServicePlaceholderTests {
    @Test func placeholder() { #expect(Bool(true)) }
}
