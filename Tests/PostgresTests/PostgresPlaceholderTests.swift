import Testing

@Suite struct PostgresPlaceholderTests {}
