package io.fraudstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestMapperTest {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final String PAN = "4111111111111111";
    static final CardTokenizer TOKENIZER =
            new CardTokenizer("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final ObjectMapper JSON = IngestHttpApi.newObjectMapper();

    final RequestMapper mapper = new RequestMapper(TOKENIZER, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

    /** A valid transaction with every field. */
    static ObjectNode fullTransaction() {
        ObjectNode n = JSON.createObjectNode();
        n.put("transactionId", "tx-1");
        n.put("pan", "4111 1111 1111 1111");
        n.put("merchantId", "m-42");
        n.put("terminalId", "t-7");
        n.put("merchantCategoryCode", "5411");
        n.put("merchantCountry", "GB");
        n.put("amountMinor", 1999);
        n.put("currency", "GBP");
        n.put("eventTime", "2025-03-01T11:59:00Z");
        n.put("channel", "POS");
        n.put("entryMode", "CHIP");
        n.put("latitude", 51.5072);
        n.put("longitude", -0.1276);
        n.put("ipAddress", "203.0.113.9");
        n.put("deviceId", "dev-1");
        return n;
    }

    @Test
    void shouldMapEveryTransactionField() {
        List<FieldError> errors = new ArrayList<>();
        Transaction t = mapper.transaction(fullTransaction(), "", errors);

        assertThat(errors).isEmpty();
        assertThat(t.getTransactionId()).isEqualTo("tx-1");
        assertThat(t.getCardToken()).isEqualTo(TOKENIZER.tokenFor(PAN));
        assertThat(t.getCardBin()).isEqualTo("411111");
        assertThat(t.getCardLast4()).isEqualTo("1111");
        assertThat(t.getMerchantId()).isEqualTo("m-42");
        assertThat(t.getTerminalId()).isEqualTo("t-7");
        assertThat(t.getMerchantCategoryCode()).isEqualTo("5411");
        assertThat(t.getMerchantCountry()).isEqualTo("GB");
        assertThat(t.getAmountMinor()).isEqualTo(1999L);
        assertThat(t.getCurrency()).isEqualTo("GBP");
        assertThat(t.getEventTime()).isEqualTo(Instant.parse("2025-03-01T11:59:00Z"));
        assertThat(t.getChannel()).isEqualTo(Channel.POS);
        assertThat(t.getEntryMode()).isEqualTo(EntryMode.CHIP);
        assertThat(t.getLatitude()).isEqualTo(51.5072);
        assertThat(t.getLongitude()).isEqualTo(-0.1276);
        assertThat(t.getIpAddress()).isEqualTo("203.0.113.9");
        assertThat(t.getDeviceId()).isEqualTo("dev-1");
        assertThat(t.getSource()).isEqualTo("http");
        assertThat(t.getIngestTime()).isEqualTo(NOW);
        assertThat(t.toString()).doesNotContain(PAN);
    }

    @Test
    void shouldMapAMinimalTransactionWithAToken() {
        ObjectNode n = JSON.createObjectNode();
        String token = TOKENIZER.tokenFor(PAN);
        n.put("transactionId", "tx-2")
                .put("cardToken", token)
                .put("merchantId", "m")
                .put("amountMinor", 0)
                .put("currency", "JPY")
                .put("eventTime", NOW.toEpochMilli())
                .put("cardBin", "411111");
        List<FieldError> errors = new ArrayList<>();
        Transaction t = mapper.transaction(n, "", errors);

        assertThat(errors).isEmpty();
        assertThat(t.getCardToken()).isEqualTo(token);
        assertThat(t.getCardBin()).isEqualTo("411111");
        assertThat(t.getCardLast4()).isNull();
        assertThat(t.getEventTime()).isEqualTo(NOW);
        assertThat(t.getChannel()).isEqualTo(Channel.UNKNOWN);
        assertThat(t.getLatitude()).isNull();
    }

    static Stream<Arguments> badTransactionFields() {
        return Stream.of(
                Arguments.of("transactionId", null, "is required"),
                Arguments.of("transactionId", "has space", "characters"),
                Arguments.of("merchantId", null, "is required"),
                Arguments.of("merchantId", 42, "must be a string"),
                Arguments.of("pan", "4111111111111112", "Luhn"),
                Arguments.of("pan", "4111", "12 to 19 digits"),
                Arguments.of("pan", 4111111111111111L, "must be a string"),
                Arguments.of("amountMinor", null, "is required"),
                Arguments.of("amountMinor", 19.99, "integer"),
                Arguments.of("amountMinor", "1999", "integer"),
                Arguments.of("amountMinor", -1, "between"),
                Arguments.of("currency", null, "is required"),
                Arguments.of("currency", "XYZ", "ISO 4217"),
                Arguments.of("currency", "gbp", "ISO 4217"),
                Arguments.of("eventTime", null, "is required"),
                Arguments.of("eventTime", "yesterday", "ISO-8601"),
                Arguments.of("eventTime", "2025-03-01T12:10:00Z", "future"),
                Arguments.of("eventTime", true, "ISO-8601"),
                Arguments.of("merchantCategoryCode", "54111", "4-digit"),
                Arguments.of("merchantCountry", "UK", "ISO 3166"),
                Arguments.of("channel", "TELEPATHY", "one of"),
                Arguments.of("entryMode", "pos", "one of"),
                Arguments.of("latitude", 91, "between"),
                Arguments.of("longitude", "east", "number"),
                Arguments.of("ipAddress", "example.com", "IPv4 or IPv6"),
                Arguments.of("ipAddress", "999.1.1.1", "IPv4 or IPv6"),
                Arguments.of("deviceId", "", "characters"),
                Arguments.of("source", "pos of 4111 1111 1111 1111", "card number"),
                Arguments.of("cardBin", "411111", "derived"),
                Arguments.of("surprise", "x", "unknown field"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badTransactionFields")
    void shouldNameEachBadFieldAndWhy(String field, Object value, String why) {
        ObjectNode n = fullTransaction();
        if (value == null) n.remove(field);
        else n.set(field, JSON.valueToTree(value));
        List<FieldError> errors = new ArrayList<>();

        Transaction t = mapper.transaction(n, "", errors);

        assertThat(t).isNull();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).contains(why);
            assertThat(e.message()).doesNotContain("4111111111111111").doesNotContain("4111 1111");
        });
    }

    @Test
    void shouldReportEveryBadFieldAtOnceWithTheBatchPrefix() {
        ObjectNode n = fullTransaction();
        n.put("currency", "XYZ").put("amountMinor", 1.5).remove("merchantId");
        List<FieldError> errors = new ArrayList<>();
        mapper.transaction(n, "transactions[3].", errors);
        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder(
                        "transactions[3].currency", "transactions[3].amountMinor", "transactions[3].merchantId");
    }

    @Test
    void shouldRequireExactlyOneOfPanAndCardToken() {
        ObjectNode both = fullTransaction().put("cardToken", TOKENIZER.tokenFor(PAN));
        ObjectNode neither = fullTransaction();
        neither.remove("pan");
        List<FieldError> errors = new ArrayList<>();
        assertThat(mapper.transaction(both, "", errors)).isNull();
        assertThat(mapper.transaction(neither, "", errors)).isNull();
        assertThat(errors)
                .extracting(FieldError::message)
                .containsExactly("send either pan or cardToken, not both", "either pan or cardToken is required");
    }

    @Test
    void shouldRejectAPanSentAsCardToken() {
        ObjectNode n = fullTransaction();
        n.remove("pan");
        n.put("cardToken", PAN);
        List<FieldError> errors = new ArrayList<>();
        assertThat(mapper.transaction(n, "", errors)).isNull();
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("cardToken"));
    }

    @Test
    void shouldRequireLatitudeAndLongitudeTogether() {
        ObjectNode n = fullTransaction();
        n.remove("longitude");
        List<FieldError> errors = new ArrayList<>();
        assertThat(mapper.transaction(n, "", errors)).isNull();
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("longitude"));
    }

    @Test
    void shouldAcceptNumericIdentifiersEvenWhenTheyPassLuhn() {
        // an IMEI carries a Luhn check digit; numeric ids pass Luhn one time in ten: refusing them would refuse traffic
        List<FieldError> errors = new ArrayList<>();
        assertThat(mapper.transaction(
                        fullTransaction()
                                .put("deviceId", "490154203237518")
                                .put("transactionId", "1732165200000-4111111111111111"),
                        "",
                        errors))
                .isNotNull();
        assertThat(errors).isEmpty();
    }

    @Test
    void shouldAcceptIpv6Literals() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(mapper.transaction(fullTransaction().put("ipAddress", "2001:db8::1"), "", errors))
                .isNotNull();
        assertThat(errors).isEmpty();
    }

    @Test
    void shouldRejectANonObject() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(mapper.transaction(JSON.valueToTree(List.of(1)), "", errors)).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("$");
    }

    static ObjectNode label() {
        return JSON.createObjectNode()
                .put("transactionId", "tx-1")
                .put("pan", PAN)
                .put("merchantId", "m-42")
                .put("transactionTime", "2025-02-01T10:00:00Z")
                .put("labelTime", "2025-02-20T10:00:00Z")
                .put("verdict", "FRAUD")
                .put("source", "CHARGEBACK")
                .put("fraudType", "card-not-present")
                .put("note", "cardholder disputed");
    }

    @Test
    void shouldMapALabel() {
        List<FieldError> errors = new ArrayList<>();
        FraudLabel l = mapper.label(label(), "", errors);
        assertThat(errors).isEmpty();
        assertThat(l.getCardToken()).isEqualTo(TOKENIZER.tokenFor(PAN));
        assertThat(l.getVerdict()).isEqualTo(Verdict.FRAUD);
        assertThat(l.getSource()).isEqualTo(LabelSource.CHARGEBACK);
        assertThat(l.getLabelTime()).isEqualTo(Instant.parse("2025-02-20T10:00:00Z"));
        assertThat(l.getTransactionTime()).isEqualTo(Instant.parse("2025-02-01T10:00:00Z"));
        assertThat(l.getTerminalId()).as("optional").isNull();
    }

    @Test
    void shouldMapALabelsTerminalAndValidateItLikeATransactionsTerminal() {
        List<FieldError> errors = new ArrayList<>();
        FraudLabel l = mapper.label(label().put("terminalId", "T-07"), "", errors);
        assertThat(errors).isEmpty();
        assertThat(l.getTerminalId()).isEqualTo("T-07");

        mapper.label(label().put("terminalId", "bad terminal!"), "", errors);
        assertThat(errors).extracting(FieldError::field).containsExactly("terminalId");
    }

    @Test
    void shouldDefaultTheLabelTimeToNow() {
        ObjectNode n = label();
        n.remove("labelTime");
        FraudLabel l = mapper.label(n, "", new ArrayList<>());
        assertThat(l.getLabelTime()).isEqualTo(NOW);
    }

    @Test
    void shouldRejectBadLabels() {
        List<FieldError> errors = new ArrayList<>();
        JsonNode n = label().put("verdict", "MAYBE")
                .put("labelTime", "2025-01-01T00:00:00Z")
                .put("note", "pan was 4111-1111-1111-1111");
        assertThat(mapper.label(n, "", errors)).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("verdict", "labelTime", "note");
        ObjectNode noVerdict = label();
        noVerdict.remove("verdict");
        errors.clear();
        assertThat(mapper.label(noVerdict, "", errors)).isNull();
        assertThat(errors).extracting(FieldError::field).containsExactly("verdict");
    }
}
