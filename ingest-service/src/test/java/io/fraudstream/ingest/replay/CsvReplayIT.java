package io.fraudstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.ingest.PanLeakCheck;
import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class CsvReplayIT {
    static final CardTokenizer TOKENIZER =
            new CardTokenizer("csv-replay-it-secret-0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII));
    static final String VISA = "4111 1111 1111 1111";
    static final String MASTERCARD = "5500000000000004";

    /** Unsorted history in Paris local time with a card-number column, a fraud flag, and two bad rows. */
    static final String HISTORY = """
            id;when;amount;ccy;card;merchant;fraud
            t3;02/03/2024 09:00:00;120.00;EUR;%1$s;m-2;1
            t1;01/03/2024 10:00:00;12.50;;%1$s;m-1;0
            bad-amount;01/03/2024 11:00:00;12,5;EUR;%1$s;m-1;0
            t5;10/03/2024 08:00:00;5;GBP;%2$s;m-3;
            t2;01/03/2024 13:00:00;7.99;EUR;%2$s;m-1;yes
            bad-card;01/03/2024 12:00:00;1.00;EUR;4111111111111112;m-1;0
            t4;09/03/2024 10:00:00;64.10;USD;%2$s;m-4;no
            """.formatted(VISA, MASTERCARD);

    static final String MAPPING = """
            columns: {transactionId: id, eventTime: when, amount: amount, currency: ccy, pan: card, merchantId: merchant}
            time: {format: pattern, pattern: "dd/MM/yyyy HH:mm:ss", zone: Europe/Paris}
            defaultCurrency: EUR
            label: {column: fraud, delay: P7D}
            csv: {delimiter: ";"}
            """;

    /**
     * Writes the CSV under target/ in a directory without digits: the DLQ names the file, and a temporary directory's
     * random number (JUnit's are 19 digits) can pass the Luhn check and trip the PAN leak check.
     */
    static Path write(String testName, String csv) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "csv-replay-it", testName));
        Path file = dir.resolve("history.csv");
        Files.writeString(file, csv);
        return file;
    }

    static ReplaySummary replay(TestTopics topics, Path file, ReplayOptions options) {
        ReplayMapping mapping = ReplayMapping.parse(MAPPING);
        try (CsvSource src = CsvSource.open(file, ';')) {
            RowMapper mapper = RowMapper.create(mapping, src.columns(), TOKENIZER, src.name(), Optional.empty());
            return Replay.run(src, mapper, topics.publisher(), options);
        }
    }

    @Test
    void shouldReplayInEventTimeOrderWithLateLabelsAndDeadLetters(StackState stack) throws IOException {
        try (TestTopics topics = TestTopics.create(stack, "csv-replay", 1)) {
            // Given an unsorted CSV of 7 rows, 2 of them unmappable, 2 labelled fraud
            Path file = write("order", HISTORY);

            // When
            ReplaySummary summary = replay(topics, file, ReplayOptions.all());

            // Then the counts add up: in = produced + rejected
            assertThat(summary.read()).isEqualTo(7);
            assertThat(summary.produced()).isEqualTo(5);
            assertThat(summary.rejected()).isEqualTo(2);
            assertThat(summary.skipped()).isZero();
            assertThat(summary.failed()).isZero();
            assertThat(summary.labelsProduced()).isEqualTo(2);
            assertThat(summary.read()).isEqualTo(summary.produced() + summary.rejected());

            // and transactions arrive in event-time order, timestamped with event time
            List<TestTopics.Read<Transaction>> raw =
                    topics.readAll(topics.catalogue().transactionsRaw());
            assertThat(raw).extracting(r -> r.value().getTransactionId()).containsExactly("t1", "t2", "t3", "t4", "t5");
            assertThat(raw)
                    .allSatisfy(r -> assertThat(r.timestamp())
                            .isEqualTo(r.value().getEventTime().toEpochMilli()));
            Transaction t1 = raw.get(0).value();
            assertThat(t1.getEventTime()).isEqualTo(Instant.parse("2024-03-01T09:00:00Z"));
            assertThat(t1.getAmountMinor()).isEqualTo(1250);
            assertThat(t1.getCurrency()).isEqualTo("EUR");
            assertThat(t1.getCardToken()).isEqualTo(TOKENIZER.tokenFor(VISA));
            assertThat(t1.getCardLast4()).isEqualTo("1111");
            assertThat(t1.getSource()).isEqualTo("replay");

            // and labels carry their own later event time: transaction time + 7 days
            List<TestTopics.Read<FraudLabel>> labels =
                    topics.readAll(topics.catalogue().transactionsLabels());
            assertThat(labels).extracting(r -> r.value().getTransactionId()).containsExactly("t2", "t3");
            assertThat(labels).allSatisfy(r -> {
                assertThat(r.value().getLabelTime())
                        .isEqualTo(r.value().getTransactionTime().plus(Duration.ofDays(7)));
                assertThat(r.timestamp()).isEqualTo(r.value().getLabelTime().toEpochMilli());
            });

            // and each bad row is in the DLQ with its row number and reason, card number redacted
            List<TestTopics.Read<DeadLetter>> dlq =
                    topics.readAll(topics.catalogue().transactionsDlq());
            assertThat(dlq).extracting(r -> r.value().getSourceOffset()).containsExactlyInAnyOrder(3L, 6L);
            assertThat(dlq)
                    .extracting(r -> r.value().getReason())
                    .anySatisfy(reason -> assertThat(reason)
                            .startsWith("row 3: column 'amount' (amount) value '12,5' is not a number"));
            assertThat(dlq)
                    .extracting(r -> r.value().getReason())
                    .anySatisfy(reason -> assertThat(reason)
                            .startsWith("row 6: column 'card' (pan)")
                            .contains("Luhn"));
            assertThat(dlq)
                    .allSatisfy(r -> assertThat(r.value().getSourceTopic()).isEqualTo("csv:" + file.toAbsolutePath()));

            // and no card number reached any topic
            PanLeakCheck.assertNoPan(
                    stack.bootstrapServers(),
                    topics.catalogue(),
                    Set.of(
                            TopicCatalogue.TRANSACTIONS_RAW,
                            TopicCatalogue.TRANSACTIONS_LABELS,
                            TopicCatalogue.TRANSACTIONS_DLQ));
        }
    }

    @Test
    void shouldStreamAPresortedFileAndDeadLetterRowsOutOfOrder(StackState stack) throws IOException {
        try (TestTopics topics = TestTopics.create(stack, "csv-sorted", 1)) {
            // Given the unsorted history replayed as if it were sorted
            ReplaySummary summary = replay(
                    topics, write("presorted", HISTORY), ReplayOptions.all().withPresorted(true));

            // Then rows earlier than their predecessor are not produced out of order but sent to the DLQ
            assertThat(summary.read()).isEqualTo(7);
            assertThat(summary.produced()).isEqualTo(2);
            assertThat(summary.rejected()).isEqualTo(5);
            assertThat(summary.read()).isEqualTo(summary.produced() + summary.rejected());
            assertThat(topics.readAll(topics.catalogue().transactionsRaw()))
                    .extracting(r -> r.value().getTransactionId())
                    .containsExactly("t3", "t5");
            assertThat(topics.readAll(topics.catalogue().transactionsDlq()))
                    .extracting(r -> r.value().getReason())
                    .filteredOn(reason -> reason.contains("out of event-time order"))
                    .hasSize(3);
        }
    }

    @Test
    void shouldReplayOnlyTheSelectedWindowUpToTheLimit(StackState stack) throws IOException {
        try (TestTopics topics = TestTopics.create(stack, "csv-window", 1)) {
            // Given the same history, from 1 March 12:00 UTC, at most 2 transactions
            ReplayOptions window = new ReplayOptions(
                    Optional.of(Instant.parse("2024-03-01T12:00:00Z")),
                    Optional.of(Instant.parse("2024-03-10T00:00:00Z")),
                    2,
                    Pacer.max(),
                    false,
                    Duration.ofSeconds(5),
                    false);

            // When
            ReplaySummary summary = replay(topics, write("window", HISTORY), window);

            // Then t2 and t3 are produced; t1 (before), t4 (over the limit) and t5 (after) are skipped
            assertThat(summary.produced()).isEqualTo(2);
            assertThat(summary.skipped()).isEqualTo(3);
            assertThat(summary.read()).isEqualTo(summary.produced() + summary.rejected() + summary.skipped());
            assertThat(topics.readAll(topics.catalogue().transactionsRaw()))
                    .extracting(r -> r.value().getTransactionId())
                    .containsExactly("t2", "t3");
        }
    }
}
