import Testing

@Suite struct LogKitPlaceholderTests {}
