import Testing

@Suite struct JWTPlaceholderTests {}
