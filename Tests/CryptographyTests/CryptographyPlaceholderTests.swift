import Testing

@Suite struct CryptographyPlaceholderTests {}
