package io.fraudstream.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.card.InvalidPanException;
import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.ingest.card.ProtectedCard;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Maps the JSON of the HTTP API to Avro records, validating every field and collecting every error (not just the
 * first). The card number is tokenized here, so what leaves this class carries only the token, the BIN and the
 * last 4 digits. Error messages never repeat submitted values.
 *
 * <p>Field names follow the Avro schemas. Transaction fields: {@code transactionId}, {@code pan} or
 * {@code cardToken} (exactly one), {@code cardBin}/{@code cardLast4} (only with {@code cardToken}),
 * {@code merchantId}, {@code terminalId}, {@code merchantCategoryCode}, {@code merchantCountry},
 * {@code amountMinor}, {@code currency}, {@code eventTime}, {@code channel}, {@code entryMode}, {@code latitude},
 * {@code longitude}, {@code ipAddress}, {@code deviceId}, {@code source}. Unknown fields are an error, so that a
 * misspelt field is not silently lost. Free-text fields ({@code source}, and a label's {@code fraudType} and
 * {@code note}) are rejected when they contain something that looks like a card number. Identifiers are not
 * scanned: numeric ids (epoch-millisecond suffixes, 16-digit reference numbers, IMEIs, which carry a Luhn digit by
 * design) pass the Luhn check one time in ten or always, and rejecting them would refuse legitimate traffic; a
 * client must never use a card number as an identifier. Times are ISO-8601 with an offset ({@code 2025-03-01T12:00:00Z}) or epoch
 * milliseconds.
 */
public final class RequestMapper {

    /** Value of {@code source} when the client sends none. */
    public static final String DEFAULT_SOURCE = "http";

    static final Set<String> TRANSACTION_FIELDS = Set.of(
            "transactionId",
            "pan",
            "cardToken",
            "cardBin",
            "cardLast4",
            "merchantId",
            "terminalId",
            "merchantCategoryCode",
            "merchantCountry",
            "amountMinor",
            "currency",
            "eventTime",
            "channel",
            "entryMode",
            "latitude",
            "longitude",
            "ipAddress",
            "deviceId",
            "source");
    static final Set<String> LABEL_FIELDS = Set.of(
            "transactionId",
            "pan",
            "cardToken",
            "merchantId",
            "terminalId",
            "transactionTime",
            "labelTime",
            "verdict",
            "source",
            "fraudType",
            "note");

    private static final int MAX_ID = 128;
    private static final int MAX_TEXT = 1024;
    private static final long MAX_AMOUNT_MINOR = 1_000_000_000_000_000L; // 10^18 minor units: a sanity bound
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:\\-/]{1," + MAX_ID + "}");
    private static final Pattern MCC = Pattern.compile("\\d{4}");
    private static final Pattern BIN = Pattern.compile("\\d{6}");
    private static final Pattern LAST4 = Pattern.compile("\\d{4}");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private final CardTokenizer tokenizer;
    private final Clock clock;
    private final Duration futureSkew;

    /**
     * @param tokenizer  turns {@code pan} into a token
     * @param clock      the service clock (for "not in the future" and ingest time)
     * @param futureSkew how far past {@code clock} an event time may be
     */
    public RequestMapper(CardTokenizer tokenizer, Clock clock, Duration futureSkew) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.futureSkew = Objects.requireNonNull(futureSkew, "futureSkew");
    }

    /**
     * A transaction from its JSON object, or {@code null} with the reasons added to {@code errors}.
     *
     * @param prefix path of {@code node} in the request, "" for the root, e.g. "transactions[2]."
     */
    public Transaction transaction(JsonNode node, String prefix, List<FieldError> errors) {
        int before = errors.size();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(prefix.isEmpty() ? "$" : strip(prefix), "must be a JSON object"));
            return null;
        }
        Fields f = new Fields(node, prefix, errors);
        f.unknown(TRANSACTION_FIELDS);
        String transactionId = f.id("transactionId", true);
        Card card = f.card(true);
        String merchantId = f.id("merchantId", true);
        String terminalId = f.id("terminalId", false);
        String mcc = f.pattern("merchantCategoryCode", MCC, "must be a 4-digit ISO 18245 merchant category code");
        String country = f.country("merchantCountry");
        Long amount = f.amount("amountMinor");
        String currency = f.currency("currency");
        Instant eventTime = f.time("eventTime", true);
        Channel channel = f.enumeration("channel", Channel.class, Channel.UNKNOWN);
        EntryMode entryMode = f.enumeration("entryMode", EntryMode.class, EntryMode.UNKNOWN);
        Double lat = f.coordinate("latitude", 90);
        Double lon = f.coordinate("longitude", 180);
        String ip = f.ip("ipAddress");
        String deviceId = f.id("deviceId", false);
        String source = f.text("source", MAX_ID);
        if (f.has("latitude") != f.has("longitude")) {
            String missing = f.has("latitude") ? "longitude" : "latitude";
            errors.add(new FieldError(
                    prefix + missing,
                    "is required when " + (missing.equals("latitude") ? "longitude" : "latitude") + " is given"));
        }
        if (errors.size() > before) {
            return null;
        }
        return Transaction.newBuilder()
                .setTransactionId(transactionId)
                .setCardToken(card.token())
                .setCardBin(card.bin())
                .setCardLast4(card.last4())
                .setMerchantId(merchantId)
                .setTerminalId(terminalId)
                .setMerchantCategoryCode(mcc)
                .setMerchantCountry(country)
                .setAmountMinor(amount)
                .setCurrency(currency)
                .setEventTime(eventTime)
                .setChannel(channel)
                .setEntryMode(entryMode)
                .setLatitude(lat)
                .setLongitude(lon)
                .setIpAddress(ip)
                .setDeviceId(deviceId)
                .setSource(source == null ? DEFAULT_SOURCE : source)
                .setIngestTime(clock.instant())
                .build();
    }

    /** A fraud label from its JSON object, or {@code null} with the reasons added to {@code errors}. */
    public FraudLabel label(JsonNode node, String prefix, List<FieldError> errors) {
        int before = errors.size();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(prefix.isEmpty() ? "$" : strip(prefix), "must be a JSON object"));
            return null;
        }
        Fields f = new Fields(node, prefix, errors);
        f.unknown(LABEL_FIELDS);
        String transactionId = f.id("transactionId", true);
        Card card = f.card(false);
        String merchantId = f.id("merchantId", true);
        String terminalId = f.id("terminalId", false);
        Instant transactionTime = f.time("transactionTime", true);
        Instant labelTime = f.time("labelTime", false);
        Verdict verdict = f.requiredEnum("verdict", Verdict.class);
        LabelSource source = f.enumeration("source", LabelSource.class, LabelSource.UNKNOWN);
        String fraudType = f.text("fraudType", MAX_ID);
        String note = f.text("note", MAX_TEXT);
        Instant lt = labelTime == null ? clock.instant() : labelTime;
        if (transactionTime != null && f.valid("labelTime") && lt.isBefore(transactionTime)) {
            errors.add(new FieldError(prefix + "labelTime", "must not be before transactionTime"));
        }
        if (errors.size() > before) {
            return null;
        }
        return FraudLabel.newBuilder()
                .setTransactionId(transactionId)
                .setCardToken(card.token())
                .setMerchantId(merchantId)
                .setTransactionTime(transactionTime)
                .setLabelTime(lt)
                .setVerdict(verdict)
                .setSource(source)
                .setFraudType(fraudType)
                .setNote(note)
                .setTerminalId(terminalId)
                .build();
    }

    private static String strip(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    private record Card(String token, String bin, String last4) {}

    /** Field readers over one JSON object; each adds its own errors. */
    private final class Fields {
        private final JsonNode node;
        private final String prefix;
        private final List<FieldError> errors;
        private final java.util.Set<String> invalid = new java.util.HashSet<>();

        Fields(JsonNode node, String prefix, List<FieldError> errors) {
            this.node = node;
            this.prefix = prefix;
            this.errors = errors;
        }

        boolean has(String name) {
            JsonNode v = node.get(name);
            return v != null && !v.isNull();
        }

        boolean valid(String name) {
            return !invalid.contains(name);
        }

        private void error(String name, String message) {
            invalid.add(name);
            errors.add(new FieldError(prefix + name, message));
        }

        void unknown(Set<String> known) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!known.contains(name)) {
                    // the name itself could be anything a client sent; never echo one that looks like a card number
                    String shown = PanDetector.containsPanLike(name) || name.length() > 64 ? "(name withheld)" : name;
                    errors.add(new FieldError(prefix + shown, "unknown field"));
                }
            }
        }

        /** The string value, null if absent or JSON null; an error if present and not a string. */
        private String string(String name, boolean required) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (required) error(name, "is required");
                return null;
            }
            if (!v.isTextual()) {
                error(name, "must be a string");
                return null;
            }
            return v.textValue();
        }

        String id(String name, boolean required) {
            String s = string(name, required);
            if (s == null) return null;
            if (!ID.matcher(s).matches()) {
                error(name, "must be 1 to " + MAX_ID + " characters of A-Z a-z 0-9 . _ : - /");
                return null;
            }
            return s;
        }

        String text(String name, int max) {
            String s = string(name, false);
            if (s == null) return null;
            if (s.isBlank() || s.length() > max) {
                error(name, "must be 1 to " + max + " characters, not blank");
                return null;
            }
            if (PanDetector.containsPanLike(s)) {
                error(name, "must not contain a card number");
                return null;
            }
            return s;
        }

        String pattern(String name, Pattern p, String message) {
            String s = string(name, false);
            if (s == null) return null;
            if (!p.matcher(s).matches()) {
                error(name, message);
                return null;
            }
            return s;
        }

        String country(String name) {
            String s = string(name, false);
            if (s == null) return null;
            if (!COUNTRIES.contains(s)) {
                error(name, "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. GB");
                return null;
            }
            return s;
        }

        String currency(String name) {
            String s = string(name, true);
            if (s == null) return null;
            if (!CURRENCIES.contains(s)) {
                error(name, "must be a known ISO 4217 currency code in upper case, e.g. EUR");
                return null;
            }
            return s;
        }

        Long amount(String name) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                error(name, "is required");
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                error(name, "must be an integer number of minor units (e.g. cents), not a decimal or a string");
                return null;
            }
            long a = v.longValue();
            if (a < 0 || a > MAX_AMOUNT_MINOR) {
                error(name, "must be between 0 and " + MAX_AMOUNT_MINOR);
                return null;
            }
            return a;
        }

        Double coordinate(String name, double bound) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) return null;
            if (!v.isNumber()) {
                error(name, "must be a number");
                return null;
            }
            double d = v.doubleValue();
            if (!(d >= -bound && d <= bound)) {
                error(name, "must be between " + (int) -bound + " and " + (int) bound);
                return null;
            }
            return d;
        }

        String ip(String name) {
            String s = string(name, false);
            if (s == null) return null;
            boolean ok = IPV4.matcher(s).matches();
            if (!ok && s.indexOf(':') >= 0 && IPV6.matcher(s).matches()) {
                try {
                    ok = java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address; // a literal: no DNS lookup
                } catch (java.net.UnknownHostException e) {
                    ok = false;
                }
            }
            if (!ok) {
                error(name, "must be an IPv4 or IPv6 address literal");
                return null;
            }
            return s;
        }

        Instant time(String name, boolean required) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                if (required) error(name, "is required");
                return null;
            }
            Instant t;
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                t = Instant.ofEpochMilli(v.longValue());
            } else if (v.isTextual()) {
                try {
                    t = OffsetDateTime.parse(v.textValue()).toInstant();
                } catch (DateTimeParseException e) {
                    error(
                            name,
                            "must be an ISO-8601 date-time with offset (e.g. 2025-03-01T12:00:00Z) or epoch milliseconds");
                    return null;
                }
            } else {
                error(name, "must be an ISO-8601 date-time string or epoch milliseconds");
                return null;
            }
            if (t.toEpochMilli() < 0) {
                error(name, "must not be before 1970-01-01T00:00:00Z");
                return null;
            }
            if (t.isAfter(clock.instant().plus(futureSkew))) {
                error(name, "must not be more than " + futureSkew.toSeconds() + " s in the future");
                return null;
            }
            return t;
        }

        <E extends Enum<E>> E enumeration(String name, Class<E> type, E absent) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) return absent;
            E e = parseEnum(name, v, type);
            return e == null ? absent : e;
        }

        <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                error(name, "is required (one of " + symbols(type) + ")");
                return null;
            }
            return parseEnum(name, v, type);
        }

        private <E extends Enum<E>> E parseEnum(String name, JsonNode v, Class<E> type) {
            if (v.isTextual()) {
                for (E c : type.getEnumConstants()) {
                    if (c.name().equals(v.textValue())) return c;
                }
            }
            error(name, "must be one of " + symbols(type));
            return null;
        }

        private static <E extends Enum<E>> String symbols(Class<E> type) {
            return Arrays.toString(type.getEnumConstants());
        }

        /** pan XOR cardToken; cardBin/cardLast4 only with cardToken (and only when {@code withBinLast4}). */
        Card card(boolean withBinLast4) {
            boolean hasPan = has("pan");
            boolean hasToken = has("cardToken");
            if (hasPan && hasToken) {
                error("pan", "send either pan or cardToken, not both");
                return null;
            }
            if (!hasPan && !hasToken) {
                error("pan", "either pan or cardToken is required");
                return null;
            }
            if (hasPan) {
                JsonNode v = node.get("pan");
                if (!v.isTextual()) {
                    error("pan", "must be a string of 12 to 19 digits");
                    return null;
                }
                if (withBinLast4) {
                    for (String derived : List.of("cardBin", "cardLast4")) {
                        if (has(derived)) error(derived, "must not be sent with pan (it is derived from it)");
                    }
                }
                try {
                    ProtectedCard pc = tokenizer.protect(v.textValue());
                    return withBinLast4 ? new Card(pc.token(), pc.bin(), pc.last4()) : new Card(pc.token(), null, null);
                } catch (InvalidPanException e) {
                    error("pan", e.getMessage());
                    return null;
                }
            }
            String token = string("cardToken", true);
            if (token == null) return null;
            if (!CardTokenizer.looksLikeToken(token)) {
                error(
                        "cardToken",
                        "must be a card token as issued by fraudstream (tok_ followed by " + CardTokenizer.TOKEN_CHARS
                                + " base64url characters); send a card number as pan");
                return null;
            }
            String bin = withBinLast4 ? pattern("cardBin", BIN, "must be the first 6 digits of the card number") : null;
            String last4 =
                    withBinLast4 ? pattern("cardLast4", LAST4, "must be the last 4 digits of the card number") : null;
            return new Card(token, bin, last4);
        }
    }
}
