import Testing

@Suite struct ConnectionPoolPlaceholderTests {}
