package io.fraudstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.dashboard.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void shouldReadSamplesAndSkipCommentsAndBlankLines() {
        String text = """
                # HELP fraudstream_features_ordering_held Transactions held
                # TYPE fraudstream_features_ordering_held gauge
                fraudstream_features_ordering_held{service="feature-stream"} 12.0

                fraudstream_features_late_total{kind="transaction",service="feature-stream",} 3.0 1700000000000
                process_uptime_seconds 42
                jvm_info{runtime="OpenJDK",vendor="Eclipse Adoptium"} 1
                # EOF
                """;

        assertThat(PrometheusText.parse(text))
                .containsExactly(
                        new Sample("fraudstream_features_ordering_held", Map.of("service", "feature-stream"), 12.0),
                        new Sample(
                                "fraudstream_features_late_total",
                                Map.of("kind", "transaction", "service", "feature-stream"),
                                3.0),
                        new Sample("process_uptime_seconds", Map.of(), 42.0),
                        new Sample("jvm_info", Map.of("runtime", "OpenJDK", "vendor", "Eclipse Adoptium"), 1.0));
    }

    @Test
    void shouldReadSpecialValuesAndEscapedLabels() {
        List<Sample> samples = PrometheusText.parse("""
                lag_ms{service="a"} NaN
                up_bound{le="+Inf"} +Inf
                down -Inf
                exp 1.5e-3
                escaped{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb"} 1
                tabs\t{ a = "b" }\t7
                """);

        assertThat(samples.get(0).value()).isNaN();
        assertThat(samples.get(1)).isEqualTo(new Sample("up_bound", Map.of("le", "+Inf"), Double.POSITIVE_INFINITY));
        assertThat(samples.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(samples.get(3).value()).isEqualTo(0.0015);
        assertThat(samples.get(4).labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("path", "C:\\dir", "quote", "say \"hi\"", "nl", "a\nb"));
        assertThat(samples.get(5)).isEqualTo(new Sample("tabs", Map.of("a", "b"), 7.0));
    }

    @Test
    void shouldNameTheLineThatIsNotTheTextFormat() {
        for (String[] bad : List.of(
                new String[] {"ok 1\n<html><body>Not Found</body></html>", "line 2"},
                new String[] {"metric", "line 1"},
                new String[] {"metric{a=\"b} 1", "unterminated"},
                new String[] {"metric{a=b} 1", "expected '\"'"},
                new String[] {"metric 1d", "not a number"},
                new String[] {"metric 1 soon", "not a timestamp"},
                new String[] {"9metric 1", "expected a name"})) {
            assertThatThrownBy(() -> PrometheusText.parse(bad[0]))
                    .as(bad[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad[1]);
        }
    }
}
