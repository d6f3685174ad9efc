import Testing

@Suite struct ConfigKitPlaceholderTests {}
