package io.fraudstream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.avro.LabelSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayMappingTest {

    static final String FULL = """
            columns:
              transactionId: id
              eventTime: ts
              amount: amount
              currency: ccy
              pan: card_number
              merchantId: merchant
            time:
              format: pattern
              pattern: "dd/MM/yyyy HH:mm:ss"
              zone: Europe/Paris
            amount:
              unit: major
            defaultCurrency: eur
            label:
              column: is_fraud
              delay: P10D
              source: ANALYST
            csv:
              delimiter: ";"
            """;

    @Test
    void shouldParseEveryPartOfAMapping() {
        // When
        ReplayMapping m = ReplayMapping.parse(FULL);

        // Then
        assertThat(m.columns().pan()).isEqualTo("card_number");
        assertThat(m.time().format()).isEqualTo(ReplayMapping.TimeFormat.PATTERN);
        assertThat(m.time().zone()).isEqualTo("Europe/Paris");
        assertThat(m.defaultCurrency()).isEqualTo("EUR");
        assertThat(m.label().delayDuration()).isEqualTo(Duration.ofDays(10));
        assertThat(m.label().source()).isEqualTo(LabelSource.ANALYST);
        assertThat(m.label().fraudValues()).contains("1", "true");
        assertThat(m.csv().delimiterChar()).isEqualTo(';');
        assertThat(m.referencedColumns())
                .containsExactlyInAnyOrder("id", "ts", "amount", "ccy", "card_number", "merchant", "is_fraud");
    }

    @Test
    void shouldDefaultToIsoTimeMajorUnitsAndCommas() {
        ReplayMapping m = ReplayMapping.parse("""
                columns: {eventTime: t, amount: a, cardToken: c, merchantId: m}
                defaultCurrency: GBP
                """);

        assertThat(m.time().format()).isEqualTo(ReplayMapping.TimeFormat.ISO);
        assertThat(m.time().zone()).isEqualTo("UTC");
        assertThat(m.amount().unit()).isEqualTo(ReplayMapping.AmountUnit.MAJOR);
        assertThat(m.amount().round()).isFalse();
        assertThat(m.amount().allowZero()).isFalse();
        assertThat(m.csv().delimiter()).isEqualTo(",");
        assertThat(m.label()).isNull();
    }

    @Test
    void shouldListEveryProblemOfAnInvalidMapping() {
        assertThatThrownBy(() -> ReplayMapping.parse("""
                columns: {eventTime: t, pan: p, cardToken: c}
                time: {format: pattern, zone: Mars/Olympus}
                defaultCurrency: XYZ
                label: {column: f, delay: seven days}
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("columns.amount")
                .hasMessageContaining("columns.merchantId")
                .hasMessageContaining("exactly one of columns.pan")
                .hasMessageContaining("time.pattern is required")
                .hasMessageContaining("unknown zone")
                .hasMessageContaining("unknown ISO 4217 currency 'XYZ'")
                .hasMessageContaining("label.delay");
    }

    @Test
    void shouldReadTheAmountRoundingAndZeroOptions() {
        ReplayMapping m = ReplayMapping.parse("""
                columns: {eventTime: t, amount: a, cardToken: c, merchantId: m}
                amount: {unit: minor, round: true, allowZero: true}
                defaultCurrency: EUR
                """);

        assertThat(m.amount().unit()).isEqualTo(ReplayMapping.AmountUnit.MINOR);
        assertThat(m.amount().round()).isTrue();
        assertThat(m.amount().allowZero()).isTrue();
        assertThatThrownBy(() -> ReplayMapping.parse("""
                columns: {eventTime: t, amount: a, cardToken: c, merchantId: m}
                amount: {rounding: half-even}
                defaultCurrency: EUR
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rounding");
    }

    @Test
    void shouldRejectUnknownKeysSoThatTyposAreNotIgnored() {
        assertThatThrownBy(() -> ReplayMapping.parse("""
                columns: {eventTime: t, amount: a, cardToken: c, merchantId: m, amout: x}
                defaultCurrency: EUR
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amout");
    }

    @Test
    void shouldRequireACurrencyColumnOrADefault() {
        assertThatThrownBy(() -> ReplayMapping.parse("columns: {eventTime: t, amount: a, cardToken: c, merchantId: m}"))
                .hasMessageContaining("defaultCurrency");
    }
}
