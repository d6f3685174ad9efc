import Testing

@Suite struct HTTPCorePlaceholderTests {}
