import Testing

@Suite struct HTTPServerPlaceholderTests {}
