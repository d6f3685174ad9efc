import Testing

@Suite struct ServiceRuntimePlaceholderTests {}
