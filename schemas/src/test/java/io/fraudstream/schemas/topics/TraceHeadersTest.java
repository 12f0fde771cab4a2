package io.fraudstream.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    @Test
    void shouldRoundTripAndReplaceAnEarlierValue() {
        RecordHeaders h = new RecordHeaders();
        TraceHeaders.put(h, TraceHeaders.RAW_APPEND_MS, 1);
        TraceHeaders.put(h, TraceHeaders.RAW_APPEND_MS, 1_763_700_000_123L);
        assertThat(h.headers(TraceHeaders.RAW_APPEND_MS)).hasSize(1);
        assertThat(TraceHeaders.get(h, TraceHeaders.RAW_APPEND_MS)).hasValue(1_763_700_000_123L);
        assertThat(new String(h.lastHeader(TraceHeaders.RAW_APPEND_MS).value(), StandardCharsets.US_ASCII))
                .isEqualTo("1763700000123");
    }

    @Test
    void shouldTreatAbsentOrMalformedValuesAsUnknown() {
        RecordHeaders h = new RecordHeaders();
        assertThat(TraceHeaders.get(h, TraceHeaders.PRODUCED_MS)).isEqualTo(OptionalLong.empty());
        h.add(TraceHeaders.PRODUCED_MS, "12a!".getBytes(StandardCharsets.US_ASCII));
        h.add(TraceHeaders.FEATURES_MS, "-5".getBytes(StandardCharsets.US_ASCII));
        h.add(TraceHeaders.RAW_APPEND_MS, new byte[0]);
        assertThat(TraceHeaders.get(h, TraceHeaders.PRODUCED_MS)).isEmpty();
        assertThat(TraceHeaders.get(h, TraceHeaders.FEATURES_MS)).isEmpty();
        assertThat(TraceHeaders.get(h, TraceHeaders.RAW_APPEND_MS)).isEmpty();
    }

    @Test
    void shouldIgnoreImplausibleTimesAndSayThatTheyWereInvalid() {
        long now = 1_764_669_600_000L;
        RecordHeaders h = new RecordHeaders();
        assertThat(TraceHeaders.read(h, TraceHeaders.PRODUCED_MS, now).present())
                .isFalse();
        assertThat(TraceHeaders.read(h, TraceHeaders.PRODUCED_MS, now).invalid())
                .isFalse();
        for (String bad : new String[] {
            "mhx3k2ab",
            "99999999999999999999",
            "9223372036854775807",
            "0",
            "1764669600000.5",
            Long.toString(now + TraceHeaders.MAX_AHEAD.toMillis() + 1),
            Long.toString(now - TraceHeaders.MAX_AGE.toMillis() - 1)
        }) {
            h.add(TraceHeaders.PRODUCED_MS, bad.getBytes(StandardCharsets.US_ASCII));
            TraceHeaders.Reading r = TraceHeaders.read(h, TraceHeaders.PRODUCED_MS, now);
            assertThat(r.present()).as(bad).isFalse();
            assertThat(r.invalid()).as(bad).isTrue();
        }
        TraceHeaders.put(h, TraceHeaders.PRODUCED_MS, now - 250);
        assertThat(TraceHeaders.read(h, TraceHeaders.PRODUCED_MS, now))
                .isEqualTo(new TraceHeaders.Reading(now - 250, false));
    }
}
