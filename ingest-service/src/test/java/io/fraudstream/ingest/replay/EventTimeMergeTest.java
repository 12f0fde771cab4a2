package io.fraudstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeMergeTest {
    static final Instant DAY1 = Instant.parse("2024-03-01T00:00:00Z");
    static final Duration WEEK = Duration.ofDays(7);

    static MappedRow row(String id, Instant time, boolean fraud) {
        Transaction t = Transaction.newBuilder()
                .setTransactionId(id)
                .setCardToken("tok")
                .setMerchantId("m")
                .setAmountMinor(100)
                .setCurrency("EUR")
                .setEventTime(time)
                .setChannel(io.fraudstream.schemas.avro.Channel.POS)
                .setEntryMode(io.fraudstream.schemas.avro.EntryMode.CHIP)
                .build();
        FraudLabel l = !fraud
                ? null
                : FraudLabel.newBuilder()
                        .setTransactionId(id)
                        .setCardToken("tok")
                        .setMerchantId("m")
                        .setTransactionTime(time)
                        .setLabelTime(time.plus(WEEK))
                        .setVerdict(Verdict.FRAUD)
                        .setSource(io.fraudstream.schemas.avro.LabelSource.CHARGEBACK)
                        .build();
        return new MappedRow(1, t, l);
    }

    static List<String> names(EventTimeMerge merge) {
        List<String> out = new ArrayList<>();
        merge.forEachRemaining(e -> out.add(
                switch (e) {
                    case ReplayEvent.TransactionEvent t -> t.transaction().getTransactionId();
                    case ReplayEvent.LabelEvent l -> "label:" + l.label().getTransactionId();
                }));
        return out;
    }

    @Test
    void shouldInterleaveLabelsAtTheirOwnLaterEventTime() {
        // Given fraud on day 1 and day 3, and transactions on days 2, 8 (the day-1 label is due on day 8) and 12
        List<MappedRow> rows = List.of(
                row("d1", DAY1, true),
                row("d2", DAY1.plus(Duration.ofDays(1)), false),
                row("d3", DAY1.plus(Duration.ofDays(2)), true),
                row("d8", DAY1.plus(Duration.ofDays(7)), false),
                row("d12", DAY1.plus(Duration.ofDays(11)), false));

        // When / Then: a label at the same time as a transaction comes after it
        assertThat(names(EventTimeMerge.of(rows)))
                .containsExactly("d1", "d2", "d3", "d8", "label:d1", "label:d3", "d12");
    }

    @Test
    void shouldEmitLabelsDueAfterTheLastTransaction() {
        assertThat(names(EventTimeMerge.of(List.of(row("a", DAY1, true), row("b", DAY1.plusSeconds(1), true)))))
                .containsExactly("a", "b", "label:a", "label:b");
    }

    @Test
    void shouldRefuseUnsortedInput() {
        EventTimeMerge merge =
                EventTimeMerge.of(List.of(row("late", DAY1.plusSeconds(60), false), row("early", DAY1, false)));
        assertThatThrownBy(() -> names(merge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event-time order");
    }
}
