package io.fraudstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replay from SQL: always on an in-memory H2 database; on PostgreSQL when {@value #POSTGRES_ENV} holds a JDBC URL
 * (with user and password), e.g. from {@code scripts/postgres-for-tests.sh}.
 */
@ExtendWith(LocalStackExtension.class)
class JdbcReplayIT {
    static final String POSTGRES_ENV = "FRAUDSTREAM_IT_POSTGRES_URL";
    static final CardTokenizer TOKENIZER =
            new CardTokenizer("jdbc-replay-it-secret-0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII));

    static final String MAPPING = """
            columns: {transactionId: tx_id, eventTime: happened_at, amount: amount_minor, currency: currency,
                      cardToken: card_token, merchantId: merchant_id, merchantCategoryCode: mcc}
            time: {format: iso, zone: UTC}
            amount: {unit: minor}
            label: {column: chargeback, delay: PT72H}
            """;

    /** Creates {@code table}, inserts four transactions out of order and one without an amount. */
    static void createHistory(Connection c, String table, String timestampType) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (tx_id VARCHAR(40), happened_at " + timestampType
                    + ", amount_minor NUMERIC(18,0), currency CHAR(3), card_token VARCHAR(40), merchant_id VARCHAR(40),"
                    + " mcc VARCHAR(4), chargeback BOOLEAN)");
            st.execute("INSERT INTO " + table + " VALUES "
                    + "('j3', TIMESTAMP '2024-05-03 10:00:00', 3000, 'EUR', 'tok_a', 'm1', '5411', TRUE),"
                    + "('j1', TIMESTAMP '2024-05-01 10:00:00', 1000, 'EUR', 'tok_a', 'm1', '5411', FALSE),"
                    + "('j4', TIMESTAMP '2024-05-04 10:00:00', 4000, 'EUR', 'tok_b', 'm2', NULL, NULL),"
                    + "('j2', TIMESTAMP '2024-05-02 10:00:00', 2000, 'GBP', 'tok_b', 'm2', '5812', FALSE),"
                    + "('j0', TIMESTAMP '2024-05-02 11:00:00', NULL, 'EUR', 'tok_b', 'm2', NULL, FALSE)");
        }
    }

    static void replayAndCheck(StackState stack, String url, String user, String password, String table) {
        try (TestTopics topics = TestTopics.create(stack, "jdbc-replay", 1);
                JdbcSource src = JdbcSource.open(url, user, password, "SELECT * FROM " + table)) {
            // When
            RowMapper mapper = RowMapper.create(
                    ReplayMapping.parse(MAPPING), src.columns(), TOKENIZER, src.name(), Optional.empty());
            ReplaySummary summary = Replay.run(src, mapper, topics.publisher(), ReplayOptions.all());

            // Then
            assertThat(summary.read()).isEqualTo(5);
            assertThat(summary.produced()).isEqualTo(4);
            assertThat(summary.rejected()).isEqualTo(1);
            assertThat(summary.labelsProduced()).isEqualTo(1);
            List<TestTopics.Read<Transaction>> raw =
                    topics.readAll(topics.catalogue().transactionsRaw());
            assertThat(raw).extracting(r -> r.value().getTransactionId()).containsExactly("j1", "j2", "j3", "j4");
            Transaction j2 = raw.get(1).value();
            assertThat(j2.getEventTime()).isEqualTo(Instant.parse("2024-05-02T10:00:00Z"));
            assertThat(j2.getAmountMinor()).isEqualTo(2000);
            assertThat(j2.getCurrency()).isEqualTo("GBP");
            assertThat(j2.getMerchantCategoryCode()).isEqualTo("5812");
            assertThat(raw.get(3).value().getMerchantCategoryCode()).isNull();
            List<TestTopics.Read<FraudLabel>> labels =
                    topics.readAll(topics.catalogue().transactionsLabels());
            assertThat(labels).singleElement().satisfies(l -> {
                assertThat(l.value().getTransactionId()).isEqualTo("j3");
                assertThat(l.value().getLabelTime())
                        .isEqualTo(Instant.parse("2024-05-03T10:00:00Z").plus(Duration.ofHours(72)));
            });
            assertThat(topics.readAll(topics.catalogue().transactionsDlq()))
                    .singleElement()
                    .satisfies(d -> assertThat(d.value().getReason())
                            .isEqualTo("row 5: column 'amount_minor' (amount) is empty"));
        }
    }

    @Test
    void shouldReplayAnH2QueryInEventTimeOrder(StackState stack) throws SQLException {
        // Given an in-memory H2 database with unsorted history
        String url = "jdbc:h2:mem:replay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            createHistory(c, "history", "TIMESTAMP");
            // When / Then
            replayAndCheck(stack, url, "sa", "", "history");
        }
    }

    @Test
    void shouldReplayAPostgresQueryInEventTimeOrder(StackState stack) throws SQLException {
        String url = System.getenv(POSTGRES_ENV);
        Assumptions.assumeTrue(
                url != null && !url.isBlank(),
                POSTGRES_ENV + " is not set: run scripts/postgres-for-tests.sh "
                        + "and export the URL it prints to run the PostgreSQL replay test");
        // Given a fresh table in the test server
        String table =
                "history_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url)) {
            createHistory(c, table, "TIMESTAMP");
            try {
                // When / Then
                replayAndCheck(stack, url, null, null, table);
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP TABLE " + table);
                }
            }
        }
    }
}
