package io.fraudstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RowMapperTest {
    static final CardTokenizer TOKENIZER =
            new CardTokenizer("replay-unit-test-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final String VISA = "4111111111111111";
    static final Instant NOON = Instant.parse("2024-03-01T12:00:00Z");
    static final List<String> COLUMNS = List.of(
            "ID", "Ts", "amount", "ccy", "card_number", "merchant", "channel", "lat", "lon", "is_fraud", "kind");

    static ReplayMapping mapping(String time, String amountUnit, String label) {
        return ReplayMapping.parse("""
                columns:
                  transactionId: id
                  eventTime: ts
                  amount: amount
                  currency: ccy
                  pan: card_number
                  merchantId: merchant
                  channel: channel
                  latitude: lat
                  longitude: lon
                %s
                amount: {unit: %s}
                defaultCurrency: EUR
                %s
                """.formatted(time, amountUnit, label));
    }

    static RowMapper mapper(ReplayMapping m) {
        return RowMapper.create(m, COLUMNS, TOKENIZER, "test.csv", Optional.empty());
    }

    static SourceRow row(Object... values) {
        return new SourceRow(7, values);
    }

    static final ReplayMapping ISO_MAJOR = mapping(
            "time: {format: iso}",
            "major",
            "label: {column: is_fraud, fraudTypeColumn: kind, delay: P7D, emitLegitimate: true}");

    @Test
    void shouldMapARowAndTokenizeTheCardNumber() throws Exception {
        // Given a row with a card number
        SourceRow row =
                row("tx-1", "2024-03-01T12:00:00Z", "12.34", "eur", VISA, "m-1", "pos", "48.85", "2.35", "", "");

        // When
        MappedRow mapped = mapper(ISO_MAJOR).map(row);

        // Then the PAN is replaced by its token, BIN and last 4
        Transaction t = mapped.transaction();
        assertThat(t.getCardToken()).isEqualTo(TOKENIZER.tokenFor(VISA)).doesNotContain("1111111111");
        assertThat(t.getCardBin()).isEqualTo("411111");
        assertThat(t.getCardLast4()).isEqualTo("1111");
        assertThat(t.toString()).doesNotContain(VISA);
        assertThat(t.getTransactionId()).isEqualTo("tx-1");
        assertThat(t.getEventTime()).isEqualTo(NOON);
        assertThat(t.getAmountMinor()).isEqualTo(1234);
        assertThat(t.getCurrency()).isEqualTo("EUR");
        assertThat(t.getMerchantId()).isEqualTo("m-1");
        assertThat(t.getChannel()).isEqualTo(Channel.POS);
        assertThat(t.getLatitude()).isEqualTo(48.85);
        assertThat(t.getSource()).isEqualTo("replay");
        // unmapped optional fields stay empty
        assertThat(t.getTerminalId()).isNull();
        assertThat(t.getDeviceId()).isNull();
        assertThat(t.getEntryMode()).isEqualTo(EntryMode.UNKNOWN);
        assertThat(mapped.label()).isNull();
    }

    @Test
    void shouldReadEveryTimeFormat() throws Exception {
        String label = "";
        assertThat(time(mapping("time: {format: epoch-millis}", "major", label), "1709294400000"))
                .isEqualTo(NOON);
        assertThat(time(mapping("time: {format: epoch-seconds}", "major", label), "1709294400"))
                .isEqualTo(NOON);
        assertThat(time(mapping("time: {format: epoch-seconds}", "major", label), "1709294400.5"))
                .isEqualTo(NOON.plusMillis(500));
        assertThat(time(mapping("time: {format: iso}", "major", label), "2024-03-01T13:00:00+01:00"))
                .isEqualTo(NOON);
        assertThat(time(mapping("time: {format: iso, zone: Europe/Paris}", "major", label), "2024-03-01 13:00:00"))
                .isEqualTo(NOON);
        assertThat(time(
                        mapping(
                                "time: {format: pattern, pattern: 'dd/MM/yyyy HH:mm', zone: America/New_York}",
                                "major",
                                label),
                        "01/03/2024 07:00"))
                .isEqualTo(NOON);
        // JDBC values
        assertThat(time(
                        mapping("time: {format: iso, zone: Europe/Paris}", "major", label),
                        LocalDateTime.of(2024, 3, 1, 13, 0)))
                .isEqualTo(NOON);
        assertThat(time(
                        mapping("time: {format: iso}", "major", label),
                        OffsetDateTime.of(2024, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo(NOON);
        assertThat(time(mapping("time: {format: epoch-millis}", "major", label), 1709294400000L))
                .isEqualTo(NOON);
    }

    private static Instant time(ReplayMapping m, Object value) throws RowRejectedException {
        return mapper(m)
                .map(row("tx", value, "1", "EUR", VISA, "m", "", "", "", "", ""))
                .transaction()
                .getEventTime();
    }

    @Test
    void shouldConvertMajorUnitsExactlyWithTheCurrencysMinorDigits() throws Exception {
        RowMapper major = mapper(ISO_MAJOR);
        assertThat(amount(major, "19.99", "EUR")).isEqualTo(1999);
        assertThat(amount(major, "0.1", "USD")).isEqualTo(10);
        assertThat(amount(major, "1500", "JPY")).isEqualTo(1500);
        assertThat(amount(major, "1.234", "BHD")).isEqualTo(1234);
        assertThat(amount(major, new BigDecimal("7.50"), "GBP")).isEqualTo(750);
        assertThat(amount(mapper(mapping("time: {format: iso}", "minor", "")), "1999", "EUR"))
                .isEqualTo(1999);
    }

    @Test
    void shouldRoundAmountsToTheCurrencysMinorUnitHalfEvenWhenAsked() throws Exception {
        // Given a mapping that rounds, in major and in minor units
        RowMapper major = mapper(mapping("time: {format: iso}", "major, round: true", ""));
        RowMapper minor = mapper(mapping("time: {format: iso}", "minor, round: true", ""));

        // Then values written through binary floating point come out as the amounts they stand for
        assertThat(amount(major, "85.64999999999999", "EUR")).isEqualTo(8565);
        assertThat(amount(major, "256.95000000000002", "EUR")).isEqualTo(25695);
        assertThat(amount(major, 85.64999999999999, "EUR"))
                .as("a Double from the source, by its decimal text")
                .isEqualTo(8565);
        assertThat(amount(major, "1500.0000000001", "JPY")).isEqualTo(1500);
        // and exact halves go to the even neighbour
        assertThat(amount(major, "12.345", "EUR")).isEqualTo(1234);
        assertThat(amount(major, "12.355", "EUR")).isEqualTo(1236);
        assertThat(amount(major, "1.2345", "BHD")).isEqualTo(1234);
        assertThat(amount(minor, "1234.5", "EUR")).isEqualTo(1234);
        assertThat(amount(minor, "1235.5", "EUR")).isEqualTo(1236);
        // and exact values are unchanged
        assertThat(amount(major, "19.99", "EUR")).isEqualTo(1999);
        assertThat(amount(major, new BigDecimal("7.50"), "GBP")).isEqualTo(750);
    }

    @Test
    void shouldRejectExtraDecimalsWithoutRoundingSayingWhenTheyLookLikeFloatingPointNoise() {
        // Given the default mapping (no rounding)
        RowMapper m = mapper(ISO_MAJOR);

        // Then a value a hair away from a cent is rejected, with the option that would round it
        assertRejected(
                m,
                row("tx", "2024-03-01T12:00:00Z", "85.64999999999999", "EUR", VISA, "m", "", "", "", "", ""),
                "value 85.64999999999999 has more decimals than EUR allows (2); it is within 0.000001 of a minor unit (85.65)");
        assertRejected(
                m,
                row("tx", "2024-03-01T12:00:00Z", "85.64999999999999", "EUR", VISA, "m", "", "", "", "", ""),
                "amount.round: true rounds it");
        // and a genuine third decimal is rejected without that hint
        assertThatThrownBy(
                        () -> m.map(row("tx", "2024-03-01T12:00:00Z", "12.345", "EUR", VISA, "m", "", "", "", "", "")))
                .isInstanceOf(RowRejectedException.class)
                .hasMessageContaining("value 12.345 has more decimals than EUR allows (2)")
                .hasMessageNotContaining("amount.round");
        assertRejected(
                mapper(mapping("time: {format: iso}", "minor", "")),
                row("tx", "2024-03-01T12:00:00Z", "1234.5", "EUR", VISA, "m", "", "", "", "", ""),
                "is not a whole number of minor units");
        assertRejected(
                m,
                row("tx", "2024-03-01T12:00:00Z", "99999999999999999999", "EUR", VISA, "m", "", "", "", "", ""),
                "is too large");
    }

    @Test
    @org.junit.jupiter.api.Timeout(
            10) // setScale or toPlainString on these exponents would build numbers of a billion digits
    void shouldRejectAbsurdExponentsQuicklyWithOrWithoutRounding() throws Exception {
        for (RowMapper m :
                List.of(mapper(ISO_MAJOR), mapper(mapping("time: {format: iso}", "major, round: true", "")))) {
            assertRejected(
                    m,
                    row("tx", "2024-03-01T12:00:00Z", "1E+999999999", "EUR", VISA, "m", "", "", "", "", ""),
                    "value 1E+999999999 is too large");
            assertRejected(
                    m,
                    row("tx", "2024-03-01T12:00:00Z", "-1E+999999999", "EUR", VISA, "m", "", "", "", "", ""),
                    "must be positive, was -1E+999999999");
            assertRejected(
                    m,
                    row("tx", "2024-03-01T12:00:00Z", "1E-999999999", "EUR", VISA, "m", "", "", "", "", ""),
                    "value 1E-999999999");
        }
        assertThat(amount(
                        mapper(mapping("time: {format: iso}", "major, round: true, allowZero: true", "")),
                        "1E-999999999",
                        "EUR"))
                .isZero();
        assertThat(amount(mapper(ISO_MAJOR), "1.5E+3", "EUR")).isEqualTo(150_000);
    }

    @Test
    void shouldAcceptZeroAmountsOnlyWhenAllowed() throws Exception {
        // Given mappings with and without allowZero
        RowMapper strict = mapper(ISO_MAJOR);
        RowMapper zeroAllowed = mapper(mapping("time: {format: iso}", "major, allowZero: true", ""));
        RowMapper roundingStrict = mapper(mapping("time: {format: iso}", "major, round: true", ""));
        RowMapper roundingZeroAllowed =
                mapper(mapping("time: {format: iso}", "major, round: true, allowZero: true", ""));

        // Then zero is rejected by default, naming the option, and accepted with it
        assertRejected(
                strict,
                row("tx", "2024-03-01T12:00:00Z", "0.00", "EUR", VISA, "m", "", "", "", "", ""),
                "must be positive, was 0.00 (amount.allowZero: true accepts zero amounts)");
        assertThat(amount(zeroAllowed, "0", "EUR")).isZero();
        assertThat(amount(zeroAllowed, "0.00", "EUR")).isZero();
        // and so is an amount that rounds to zero
        assertRejected(
                roundingStrict,
                row("tx", "2024-03-01T12:00:00Z", "0.004", "EUR", VISA, "m", "", "", "", "", ""),
                "value 0.004 rounds to 0 EUR minor units");
        assertThat(amount(roundingZeroAllowed, "0.004", "EUR")).isZero();
        // and negative amounts are rejected either way
        assertRejected(
                zeroAllowed,
                row("tx", "2024-03-01T12:00:00Z", "-5", "EUR", VISA, "m", "", "", "", "", ""),
                "must be positive, was -5");
        assertRejected(
                roundingZeroAllowed,
                row("tx", "2024-03-01T12:00:00Z", "-0.001", "EUR", VISA, "m", "", "", "", "", ""),
                "must be positive");
    }

    private static long amount(RowMapper m, Object amount, String ccy) throws RowRejectedException {
        return m.map(row("tx", "2024-03-01T12:00:00Z", amount, ccy, VISA, "m", "", "", "", "", ""))
                .transaction()
                .getAmountMinor();
    }

    @Test
    void shouldRejectBadRowsWithAReasonNamingTheColumn() {
        RowMapper m = mapper(ISO_MAJOR);
        assertRejected(m, row("tx", "yesterday", "1", "EUR", VISA, "m", "", "", "", "", ""), "'ts' (eventTime)");
        assertRejected(m, row("tx", "", "1", "EUR", VISA, "m", "", "", "", "", ""), "eventTime) is empty");
        assertRejected(
                m,
                row("tx", "2024-03-01T12:00:00Z", "12.345", "EUR", VISA, "m", "", "", "", "", ""),
                "more decimals than EUR allows (2)");
        assertRejected(
                m, row("tx", "2024-03-01T12:00:00Z", "-5", "EUR", VISA, "m", "", "", "", "", ""), "must be positive");
        assertRejected(
                m, row("tx", "2024-03-01T12:00:00Z", "0", "EUR", VISA, "m", "", "", "", "", ""), "must be positive");
        assertRejected(
                m, row("tx", "2024-03-01T12:00:00Z", "ten", "EUR", VISA, "m", "", "", "", "", ""), "is not a number");
        assertRejected(
                m,
                row("tx", "2024-03-01T12:00:00Z", "1", "EUX", VISA, "m", "", "", "", "", ""),
                "unknown ISO 4217 currency 'EUX'");
        assertRejected(
                m, row("tx", "2024-03-01T12:00:00Z", "1", "EUR", "4111111111111112", "m", "", "", "", "", ""), "Luhn");
        assertRejected(m, row("tx", "2024-03-01T12:00:00Z", "1", "EUR", "", "m", "", "", "", "", ""), "pan) is empty");
        assertRejected(
                m, row("tx", "2024-03-01T12:00:00Z", "1", "EUR", VISA, "", "", "", "", "", ""), "merchantId) is empty");
        assertRejected(
                m,
                row("tx", "2024-03-01T12:00:00Z", "1", "EUR", VISA, "m", "drone", "", "", "", ""),
                "channel value 'drone'");
        assertRejected(
                m,
                row("tx", "2024-03-01T12:00:00Z", "1", "EUR", VISA, "m", "", "91", "0", "", ""),
                "latitude 91 is outside");
        assertRejected(
                m,
                row("tx", "2024-03-01T12:00:00Z", "1", "EUR", VISA, "m", "", "", "", "maybe", ""),
                "'is_fraud' (label) has value 'maybe'");
        assertRejected(
                m,
                row("tx " + VISA, "2024-03-01T12:00:00Z", "1", "EUR", VISA, "m", "", "", "", "", ""),
                "transactionId looks like a card number");
    }

    private static void assertRejected(RowMapper m, SourceRow row, String reason) {
        assertThatThrownBy(() -> m.map(row))
                .isInstanceOf(RowRejectedException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(VISA).doesNotContain("4111111111111112"));
    }

    @Test
    void shouldUseTheDefaultCurrencyWhenTheColumnIsEmpty() throws Exception {
        assertThat(mapper(ISO_MAJOR)
                        .map(row("tx", "2024-03-01T12:00:00Z", "1", "", VISA, "m", "", "", "", "", ""))
                        .transaction()
                        .getCurrency())
                .isEqualTo("EUR");
    }

    @Test
    void shouldLabelFraudAtTransactionTimePlusTheDelay() throws Exception {
        // Given a fraud row and a legitimate row, legitimate labels enabled
        RowMapper m = mapper(ISO_MAJOR);

        // When
        FraudLabel fraud = m.map(
                        row("tx-f", "2024-03-01T12:00:00Z", "1", "EUR", VISA, "m", "", "", "", "TRUE", "skimming"))
                .label();
        FraudLabel legit = m.map(row("tx-l", "2024-03-01T12:00:00Z", "1", "EUR", VISA, "m", "", "", "", "0", ""))
                .label();
        FraudLabel none = m.map(row("tx-n", "2024-03-01T12:00:00Z", "1", "EUR", VISA, "m", "", "", "", "", ""))
                .label();

        // Then
        assertThat(fraud.getVerdict()).isEqualTo(Verdict.FRAUD);
        assertThat(fraud.getTransactionId()).isEqualTo("tx-f");
        assertThat(fraud.getCardToken()).isEqualTo(TOKENIZER.tokenFor(VISA));
        assertThat(fraud.getTransactionTime()).isEqualTo(NOON);
        assertThat(fraud.getLabelTime()).isEqualTo(NOON.plus(Duration.ofDays(7)));
        assertThat(fraud.getSource()).isEqualTo(LabelSource.CHARGEBACK);
        assertThat(fraud.getFraudType()).isEqualTo("skimming");
        assertThat(legit.getVerdict()).isEqualTo(Verdict.LEGITIMATE);
        assertThat(legit.getFraudType()).isNull();
        assertThat(none).isNull();
    }

    @Test
    void shouldLabelWithTheRowsTerminal() throws Exception {
        // Given a mapping with a terminal column
        ReplayMapping withTerminal = ReplayMapping.parse("""
                columns:
                  transactionId: id
                  eventTime: ts
                  amount: amount
                  pan: card_number
                  merchantId: merchant
                  terminalId: terminal
                time: {format: iso}
                amount: {unit: major}
                defaultCurrency: EUR
                label: {column: is_fraud}
                """);
        RowMapper m = RowMapper.create(
                withTerminal,
                List.of("id", "ts", "amount", "card_number", "merchant", "terminal", "is_fraud"),
                TOKENIZER,
                "test.csv",
                Optional.empty());

        // When
        MappedRow at = m.map(row("tx-t", "2024-03-01T12:00:00Z", "1", VISA, "m", "T-3", "1"));
        MappedRow without = m.map(row("tx-n", "2024-03-01T12:00:00Z", "1", VISA, "m", "", "1"));

        // Then the label carries the transaction's terminal, or none
        assertThat(at.transaction().getTerminalId()).isEqualTo("T-3");
        assertThat(at.label().getTerminalId()).isEqualTo("T-3");
        assertThat(without.label().getTerminalId()).isNull();
    }

    @Test
    void shouldLetTheCommandLineOverrideTheLabelDelay() throws Exception {
        RowMapper m = RowMapper.create(ISO_MAJOR, COLUMNS, TOKENIZER, "t", Optional.of(Duration.ofHours(36)));
        assertThat(m.map(row("tx", "2024-03-01T12:00:00Z", "1", "EUR", VISA, "m", "", "", "", "1", ""))
                        .label()
                        .getLabelTime())
                .isEqualTo(NOON.plus(Duration.ofHours(36)));
    }

    @Test
    void shouldDeriveATransactionIdFromSourceAndRowWhenNoIdColumnIsMapped() throws Exception {
        ReplayMapping m = ReplayMapping.parse("""
                columns: {eventTime: ts, amount: amount, pan: card_number, merchantId: merchant}
                defaultCurrency: EUR
                """);
        MappedRow mapped = RowMapper.create(m, COLUMNS, TOKENIZER, "history.csv", Optional.empty())
                .map(row("x", "2024-03-01T12:00:00Z", "1", "", VISA, "m", "", "", "", "", ""));
        assertThat(mapped.transaction().getTransactionId()).isEqualTo("history.csv#7");
    }

    @Test
    void shouldRefuseAnAlreadyTokenizedColumnHoldingCardNumbers() {
        ReplayMapping m = ReplayMapping.parse("""
                columns: {eventTime: ts, amount: amount, cardToken: card_number, merchantId: merchant}
                defaultCurrency: EUR
                """);
        assertRejected(
                RowMapper.create(m, COLUMNS, TOKENIZER, "t", Optional.empty()),
                row("x", "2024-03-01T12:00:00Z", "1", "", "4111 1111 1111 1111", "m", "", "", "", "", ""),
                "cardToken looks like a card number");
    }

    @Test
    void shouldFailAtOnceWhenTheSourceLacksAMappedColumn() {
        assertThatThrownBy(() -> RowMapper.create(ISO_MAJOR, List.of("id", "ts"), TOKENIZER, "t", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount")
                .hasMessageContaining("source columns: [id, ts]");
    }
}
