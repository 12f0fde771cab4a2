package io.fraudstream.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void shouldBeUpWithoutChecks() {
        Health health = new Health();

        assertThat(health.liveness().up()).isTrue();
        assertThat(health.readiness().up()).isTrue();
    }

    @Test
    void shouldNameTheFailingChecksInRegistrationOrder() {
        Health health = new Health()
                .readiness("model", () -> Status.down("no model loaded"))
                .readiness("kafka-streams", () -> Status.up("RUNNING"))
                .readiness("reference-data", () -> false);

        HealthReport report = health.readiness();

        assertThat(report.up()).isFalse();
        assertThat(report.failing()).containsExactly("model", "reference-data");
        assertThat(report.checks()).containsKeys("model", "kafka-streams", "reference-data");
        assertThat(report.checks().get("model").detail()).isEqualTo("no model loaded");
    }

    @Test
    void shouldEvaluateChecksOnEveryCall() {
        AtomicBoolean ready = new AtomicBoolean(false);
        Health health = new Health().readiness("flag", ready::get);

        boolean before = health.readiness().up();
        ready.set(true);

        assertThat(before).isFalse();
        assertThat(health.readiness().up()).isTrue();
    }

    @Test
    void shouldKeepLivenessAndReadinessApart() {
        Health health = new Health().readiness("warming-up", () -> false);

        assertThat(health.liveness().up()).isTrue();
        assertThat(health.readiness().up()).isFalse();
    }

    @Test
    void shouldTreatAThrowingCheckAsDown() {
        Health health = new Health().liveness("broken", () -> {
            throw new IllegalStateException("boom");
        });

        HealthReport report = health.liveness();

        assertThat(report.failing()).containsExactly("broken");
        assertThat(report.checks().get("broken").detail()).contains("boom");
    }

    @Test
    void shouldRejectBlankNames() {
        assertThatThrownBy(() -> new Health().readiness(" ", () -> true)).isInstanceOf(IllegalArgumentException.class);
    }
}
