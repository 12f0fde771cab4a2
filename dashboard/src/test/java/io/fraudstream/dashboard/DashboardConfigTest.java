package io.fraudstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

    private static final Map<String, String> REQUIRED = Map.of("kafka.bootstrap.servers", "127.0.0.1:9092");

    @Test
    void shouldDefaultToTheDashboardsNamePortAndWindow() {
        DashboardConfig cfg = new DashboardConfig(REQUIRED);

        assertThat(cfg.serviceName()).isEqualTo("dashboard");
        assertThat(cfg.httpPort()).isEqualTo(8090);
        assertThat(cfg.reportDir()).isEqualTo(Path.of(".fraudstream/reports/trainer"));
        assertThat(cfg.recentAlerts()).isEqualTo(20);
        assertThat(cfg.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cfg.featureStreamMetricsUrls())
                .as("the ordering panel is not configured")
                .isEmpty();
    }

    @Test
    void shouldTakeItsKeys() {
        DashboardConfig cfg = new DashboardConfig(Map.of(
                "kafka.bootstrap.servers",
                "127.0.0.1:9092",
                "http.port",
                "0",
                DashboardConfig.REPORT_DIR,
                "/tmp/reports",
                DashboardConfig.RECENT_ALERTS,
                "5",
                DashboardConfig.WINDOW_SECONDS,
                "30"));

        assertThat(cfg.httpPort()).isZero();
        assertThat(cfg.reportDir()).isEqualTo(Path.of("/tmp/reports"));
        assertThat(cfg.recentAlerts()).isEqualTo(5);
        assertThat(cfg.window()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldTakeTheFeatureStreamsMetricsUrls() {
        DashboardConfig cfg = new DashboardConfig(Map.of(
                "kafka.bootstrap.servers",
                "127.0.0.1:9092",
                DashboardConfig.FEATURE_STREAM_METRICS_URLS,
                " http://feature-stream:8087/metrics , https://10.0.0.7:9443/metrics"));

        assertThat(cfg.featureStreamMetricsUrls())
                .containsExactly(
                        URI.create("http://feature-stream:8087/metrics"), URI.create("https://10.0.0.7:9443/metrics"));
    }

    @Test
    void shouldRejectAMetricsUrlThatIsNotAnHttpUrl() {
        for (String bad :
                List.of("feature-stream:8087/metrics", "ftp://host/metrics", "http://a/metrics,,http://b/metrics")) {
            assertThatThrownBy(() -> new DashboardConfig(Map.of(
                            "kafka.bootstrap.servers",
                            "127.0.0.1:9092",
                            DashboardConfig.FEATURE_STREAM_METRICS_URLS,
                            bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(DashboardConfig.FEATURE_STREAM_METRICS_URLS);
        }
    }

    @Test
    void shouldRejectAWindowTooShortToRate() {
        assertThatThrownBy(() -> new DashboardConfig(
                        Map.of("kafka.bootstrap.servers", "127.0.0.1:9092", DashboardConfig.WINDOW_SECONDS, "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DashboardConfig.WINDOW_SECONDS);
    }

    @Test
    void shouldDocumentEveryKeyAndKeepTheSharedOnes() {
        ConfigDef def = DashboardConfig.definition();
        assertThat(def.configKeys().values())
                .allSatisfy(k -> assertThat(k.documentation).as(k.name).isNotBlank());
        assertThat(def.names())
                .containsAll(io.fraudstream.runtime.config.RuntimeConfig.baseDefinition()
                        .names());
    }
}
