import Testing

@Suite struct NetCorePlaceholderTests {}
