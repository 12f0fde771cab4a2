package io.fraudstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.schemas.avro.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectedRowsTest {

    @Test
    void shouldCarryRowNumberReasonAndTheRowWithCardNumbersRedacted() {
        // Given a rejected row with a card number in the PAN column and another one in a free-text column
        SourceRow row = new SourceRow(42, new Object[] {"tx-9", "4111111111111111", "note 5500 0000 0000 0004", "abc"});

        // When
        DeadLetter d = RejectedRows.deadLetter(
                row,
                "column 'amount' (amount) is empty",
                List.of("id", "pan", "note", "amount"),
                "PAN",
                "csv:/data/h.csv",
                Instant.parse("2024-03-01T00:00:00Z"));

        // Then
        String value = StandardCharsets.UTF_8.decode(d.getValue()).toString();
        assertThat(d.getStage()).isEqualTo(RejectedRows.STAGE);
        assertThat(d.getReason()).isEqualTo("row 42: column 'amount' (amount) is empty");
        assertThat(d.getSourceTopic()).isEqualTo("csv:/data/h.csv");
        assertThat(d.getSourceOffset()).isEqualTo(42);
        assertThat(d.getSourcePartition()).isEqualTo(-1);
        assertThat(d.getHeaders()).containsEntry("row", "42");
        assertThat(value).contains("id=tx-9", "pan=[redacted]", "note=[redacted]", "amount=abc");
        assertThat(PanDetector.containsPanLike(value)).isFalse();
    }
}
