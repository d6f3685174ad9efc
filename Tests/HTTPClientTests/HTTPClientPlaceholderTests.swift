import Testing

@Suite struct HTTPClientPlaceholderTests {}
