import Testing

@Suite struct PaymentsServicePlaceholderTests {
    @Test func placeholder() { #expect(Bool(true)) }
}
