import ConfigKit
import Testing

@Suite struct DotEnvParserTests {
    @Test func parsesAssignmentsCommentsQuotesAndExport() throws {
        let text = """
            # comment
            A=1
            export B = two
            C="line\\nnext \\"q\\""
            D='raw #x'
            E=value # trailing comment

            """
        #expect(
            try DotEnvParser.parse(text)
                == ["A": "1", "B": "two", "C": "line\nnext \"q\"", "D": "raw #x", "E": "value"]
        )
    }

    @Test(arguments: ["NOEQUALS", "=value", "BAD-NAME=1"])
    func rejectsMalformedLinesWithTheirNumber(line: String) {
        let error = #expect(throws: ConfigError.self) { try DotEnvParser.parse("OK=1\n\(line)") }
        #expect(error?.key == ".env:2")
    }
}
