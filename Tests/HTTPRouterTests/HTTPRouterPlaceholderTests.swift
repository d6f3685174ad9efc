import Testing

@Suite struct HTTPRouterPlaceholderTests {}
