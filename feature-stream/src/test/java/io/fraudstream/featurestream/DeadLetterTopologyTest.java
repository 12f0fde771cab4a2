package io.fraudstream.featurestream;

import static io.fraudstream.featurestream.Txns.CARD;
import static io.fraudstream.featurestream.Txns.MONDAY_NOON;
import static io.fraudstream.featurestream.Txns.NOW;
import static io.fraudstream.featurestream.Txns.label;
import static io.fraudstream.featurestream.Txns.tx;
import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.features.state.CardKeys;
import io.fraudstream.featurestream.stages.DeadLetterStages;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Every validation dead-letter path through the topology. (TopologyTestDriver always uses Kafka's
 * LogAndContinueExceptionHandler for deserialization errors, so the deserialization path is tested on the handler
 * itself in DeadLetterExceptionHandlerTest and end to end in FeatureStreamIT.)
 */
class DeadLetterTopologyTest {

    private static DeadLetter onlyDeadLetter(FeatureDriver d) {
        List<DeadLetter> letters = d.dlq.readValuesToList();
        assertThat(letters).hasSize(1);
        assertThat(d.features.isEmpty()).as("no features for a rejected record").isTrue();
        return letters.get(0);
    }

    private static DeadLetter rejectTransaction(Transaction.Builder tx, String key) {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(tx("ok", MONDAY_NOON.minusSeconds(1)));
            d.features.readValuesToList();
            d.raw.pipeInput(key, tx.build(), MONDAY_NOON);
            DeadLetter letter = onlyDeadLetter(d);
            assertThat(letter.getStage()).isEqualTo(DeadLetterStages.VALIDATE);
            assertThat(letter.getSourceTopic()).isEqualTo("transactions.raw");
            assertThat(letter.getSourcePartition()).isZero();
            assertThat(letter.getSourceOffset())
                    .as("second record of the partition")
                    .isEqualTo(1L);
            assertThat(letter.getKey().array()).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
            assertThat(letter.getValue()).isNotNull();
            assertThat(d.metrics.count(FeatureStreamMetrics.DEAD_LETTERS)).isEqualTo(1.0);
            return letter;
        }
    }

    @Test
    void shouldRejectANonPositiveAmount() {
        assertThat(rejectTransaction(tx("t", MONDAY_NOON).setAmountMinor(0), CARD)
                        .getReason())
                .contains("amountMinor must be > 0");
    }

    @Test
    void shouldRejectAnUnknownCurrency() {
        assertThat(rejectTransaction(tx("t", MONDAY_NOON).setCurrency("XYZ"), CARD)
                        .getReason())
                .contains("unknown currency 'XYZ'");
    }

    @Test
    void shouldRejectABlankRequiredField() {
        assertThat(rejectTransaction(tx(" ", MONDAY_NOON), CARD).getReason()).contains("transactionId is blank");
        assertThat(rejectTransaction(tx("t", MONDAY_NOON).setMerchantId(""), CARD)
                        .getReason())
                .contains("merchantId is blank");
    }

    @Test
    void shouldRejectAKeyThatIsNotTheCardToken() {
        assertThat(rejectTransaction(tx("t", MONDAY_NOON), "card-2").getReason())
                .contains("is not the cardToken");
    }

    @Test
    void shouldRejectEventTimesOutsideTheBounds() {
        assertThat(rejectTransaction(tx("t", java.time.Instant.parse("1999-12-31T23:59:59Z")), CARD)
                        .getReason())
                .contains("before the earliest");
        assertThat(rejectTransaction(tx("t", NOW.plus(Duration.ofHours(1)).plusMillis(1)), CARD)
                        .getReason())
                .contains("after the wall clock");
    }

    @Test
    void shouldRejectATombstone() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.rawBytes.pipeInput(new TestRecord<>(CARD, null, MONDAY_NOON));
            DeadLetter letter = onlyDeadLetter(d);
            assertThat(letter.getReason()).contains("null value");
            assertThat(letter.getValue()).isNull();
        }
    }

    @Test
    void shouldRejectInvalidLabels() {
        try (FeatureDriver d = new FeatureDriver()) {
            d.send(label("t1", MONDAY_NOON, MONDAY_NOON, Verdict.UNKNOWN));
            d.send(label("t1", MONDAY_NOON, MONDAY_NOON.minusSeconds(1), Verdict.FRAUD));
            List<DeadLetter> letters = d.dlq.readValuesToList();
            assertThat(letters)
                    .extracting(DeadLetter::getStage)
                    .containsExactly(DeadLetterStages.VALIDATE_LABEL, DeadLetterStages.VALIDATE_LABEL);
            assertThat(letters.get(0).getReason()).contains("UNKNOWN");
            assertThat(letters.get(1).getReason()).contains("before the transaction's time");
            assertThat(letters).allSatisfy(l -> assertThat(l.getSourceTopic()).isEqualTo("transactions.labels"));
        }
    }

    @Test
    void shouldSendARecordAProcessorThrowsOnToTheDeadLetterTopic() {
        try (FeatureDriver d = new FeatureDriver()) {
            // given corrupt state for the card (a history of the previous format, read once to convert it)
            d.cardStore().put(Bytes.wrap(CardKeys.of(CARD).legacy()), new byte[] {42});
            // when a transaction of that card arrives
            d.send(tx("t1", MONDAY_NOON));
            // then the processing exception handler writes a dead letter with the raw source bytes
            DeadLetter letter = onlyDeadLetter(d);
            assertThat(letter.getStage()).isEqualTo(DeadLetterStages.PROCESS + ".card-features");
            assertThat(letter.getReason()).contains("unknown card history format 42");
            assertThat(letter.getSourceTopic()).isEqualTo("transactions.raw");
            assertThat(letter.getValue()).isNotNull();
        }
    }

    @Test
    void shouldAccountForEveryInputAsOutputDeadLetterOrDuplicate() {
        try (FeatureDriver d = new FeatureDriver()) {
            Random random = new Random(7);
            int in = 0;
            for (int i = 0; i < 300; i++) {
                String id = "t" + random.nextInt(250);
                String card = "card-" + random.nextInt(20);
                var tx = tx(id, MONDAY_NOON.plusSeconds(i * 60L))
                        .setCardToken(card)
                        .setMerchantId("m" + random.nextInt(5));
                if (random.nextInt(10) == 0) {
                    tx.setAmountMinor(-1);
                }
                if (random.nextInt(15) == 0) {
                    tx.setCurrency("XXX");
                }
                d.raw.pipeInput(card, tx.build(), tx.getEventTime());
                in++;
            }
            long out = d.features.getQueueSize();
            long dead = d.dlq.getQueueSize();
            double duplicates = d.metrics.count(FeatureStreamMetrics.DUPLICATES);
            assertThat(duplicates).as("the seed produces duplicates").isPositive();
            assertThat(dead).as("and dead letters").isPositive();
            assertThat(out + dead + (long) duplicates).isEqualTo(in);
            assertThat(d.metrics.count(FeatureStreamMetrics.EMITTED)).isEqualTo((double) out);
        }
    }
}
