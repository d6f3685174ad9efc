import Testing

@Suite struct LifecycleKitPlaceholderTests {}
