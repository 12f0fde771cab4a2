package io.fraudstream.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final MetricName SEND_RATE = new MetricName(
            "record-send-rate", "producer-metrics", "records sent per second", Map.of("client-id", "p1"));

    @Test
    void shouldTagEveryMeterWithTheServiceAndExposeJvmMetrics() {
        try (Metrics metrics = Metrics.create("scoring-service")) {
            metrics.registry().counter("fraudstream.test.events").increment(3);

            String scrape = metrics.scrape();

            assertThat(scrape)
                    .contains("jvm_memory_used_bytes{")
                    .contains("jvm_threads_live_threads{")
                    .contains("jvm_classes_loaded_classes{")
                    .contains("process_uptime_seconds{")
                    .contains("system_cpu_count{")
                    .contains("fraudstream_test_events_total{service=\"scoring-service\"} 3.0");
            assertThat(metrics.registry().getMeters())
                    .allSatisfy(m -> assertThat(m.getId().getTag("service")).isEqualTo("scoring-service"));
        }
    }

    @Test
    void shouldScrapeOpenMetricsWhenAsked() {
        try (Metrics metrics = Metrics.create("svc")) {
            assertThat(metrics.scrape(Metrics.OPENMETRICS_CONTENT_TYPE)).endsWith("# EOF\n");
        }
    }

    @Test
    void shouldBindKafkaClientMetricsUntilClosed() {
        MockProducer<String, String> producer = new MockProducer<>();
        producer.setMockMetrics(SEND_RATE, new Metric() {
            @Override
            public MetricName metricName() {
                return SEND_RATE;
            }

            @Override
            public Object metricValue() {
                return 42.0;
            }
        });
        try (Metrics metrics = Metrics.create("svc")) {
            var binder = metrics.bindProducer(producer);

            assertThat(metrics.scrape())
                    .contains("kafka_producer_record_send_rate{")
                    .contains("client_id=\"p1\"");

            binder.close();
            assertThat(metrics.scrape()).doesNotContain("kafka_producer_record_send_rate");
        }
    }

    @Test
    void shouldRejectABlankServiceName() {
        assertThatThrownBy(() -> Metrics.create(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
