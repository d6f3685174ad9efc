import Testing

@Suite struct MetricsKitPlaceholderTests {}
