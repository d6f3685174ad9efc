import MetricsKit
import Testing

@Suite struct PrometheusTextTests {
    @Test(arguments: [
        (0.005, "0.005"), (1.0, "1"), (2.5, "2.5"), (10.0, "10"), (-3.0, "-3"), (0.0, "0"),
        (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"), (1e20, "1e+20"),
    ])
    func formatsNumbers(value: Double, expected: String) {
        #expect(PrometheusText.number(value) == expected)
    }

    @Test func escapesLabelValuesAndHelp() {
        #expect(PrometheusText.escapeLabelValue(#"a\b"c"# + "\nd") == #"a\\b\"c\nd"#)
        #expect(PrometheusText.escapeHelp(#"say "hi" \ bye"# + "\n") == #"say "hi" \\ bye\n"#)
        #expect(PrometheusText.labelSet([]) == "")
        #expect(PrometheusText.labelSet([("a", "1"), ("b", "x\"y")]) == #"{a="1",b="x\"y"}"#)
    }
}
