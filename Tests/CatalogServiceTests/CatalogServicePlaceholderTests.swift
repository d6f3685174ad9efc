import Testing

@Suite struct CatalogServicePlaceholderTests {
    @Test func placeholder() { #expect(Bool(true)) }
}
