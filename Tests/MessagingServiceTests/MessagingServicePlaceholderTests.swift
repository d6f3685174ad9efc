import Testing

@Suite struct MessagingServicePlaceholderTests {
    @Test func placeholder() { #expect(Bool(true)) }
}
