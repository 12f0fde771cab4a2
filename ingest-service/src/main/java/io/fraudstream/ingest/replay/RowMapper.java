package io.fraudstream.ingest.replay;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.card.InvalidPanException;
import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.ingest.card.ProtectedCard;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the rows of one source to transactions and labels, as a {@link ReplayMapping} says. Built once per source
 * ({@link #create}): column names are resolved to positions there, so that a mapping naming a missing column fails
 * before the first row. Pure apart from the card tokenizer (a keyed hash); thread-safe.
 *
 * <p>Rules: required fields (event time, amount, card, merchant id) must be present; the amount must be positive
 * (or zero with the mapping's {@code amount.allowZero}) and have no more decimals than the currency's minor unit
 * allows, unless the mapping's {@code amount.round} rounds it to the minor unit (half-even; converted with
 * {@link BigDecimal}, never a double); the currency must be ISO 4217; a card number must be 12–19 digits and pass Luhn; an already tokenized
 * card column must not look like a card number; enum columns (channel, entry mode) must name a symbol; coordinates
 * must be in range; unmapped or empty optional fields stay null. Any violation rejects the row with a reason.
 */
public final class RowMapper {
    /** Value of Transaction.source for replayed transactions. */
    public static final String SOURCE = "replay";

    private final ReplayMapping mapping;
    private final CardTokenizer tokenizer;
    private final String idPrefix;
    private final Duration labelDelay;
    private final ZoneId zone;
    private final DateTimeFormatter pattern;
    private final Map<String, Integer> positions;
    private final Map<String, Integer> fractionDigits = new ConcurrentHashMap<>();
    private final int txId,
            time,
            amount,
            currency,
            pan,
            cardToken,
            cardBin,
            cardLast4,
            merchant,
            terminal,
            mcc,
            country,
            channel,
            entryMode,
            lat,
            lon,
            ip,
            device,
            label,
            fraudType;

    private RowMapper(
            ReplayMapping mapping,
            List<String> columns,
            CardTokenizer tokenizer,
            String sourceName,
            Duration labelDelay) {
        this.mapping = mapping;
        this.tokenizer = tokenizer;
        this.idPrefix = sourceName + "#";
        this.labelDelay = labelDelay;
        this.zone = mapping.time().zoneId();
        this.pattern = mapping.time().format() == ReplayMapping.TimeFormat.PATTERN
                ? DateTimeFormatter.ofPattern(mapping.time().pattern(), Locale.ROOT)
                : null;
        this.positions = positions(columns);
        List<String> missing = new ArrayList<>();
        for (String c : mapping.referencedColumns()) {
            if (!positions.containsKey(c.toLowerCase(Locale.ROOT))) {
                missing.add(c);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the mapping names column(s) " + missing
                    + " that the source does not have; " + "source columns: " + columns);
        }
        ReplayMapping.Columns c = mapping.columns();
        txId = pos(c.transactionId());
        time = pos(c.eventTime());
        amount = pos(c.amount());
        currency = pos(c.currency());
        pan = pos(c.pan());
        cardToken = pos(c.cardToken());
        cardBin = pos(c.cardBin());
        cardLast4 = pos(c.cardLast4());
        merchant = pos(c.merchantId());
        terminal = pos(c.terminalId());
        mcc = pos(c.merchantCategoryCode());
        country = pos(c.merchantCountry());
        channel = pos(c.channel());
        entryMode = pos(c.entryMode());
        lat = pos(c.latitude());
        lon = pos(c.longitude());
        ip = pos(c.ipAddress());
        device = pos(c.deviceId());
        label = mapping.label() == null ? -1 : pos(mapping.label().column());
        fraudType = mapping.label() == null ? -1 : pos(mapping.label().fraudTypeColumn());
    }

    /**
     * A mapper for a source with these columns.
     *
     * @param sourceName         prefix of default transaction ids ({@code <sourceName>#<row>}) when no id column is mapped
     * @param labelDelayOverride label delay replacing the mapping's, if present
     * @throws IllegalArgumentException if the mapping names a column the source lacks
     */
    public static RowMapper create(
            ReplayMapping mapping,
            List<String> columns,
            CardTokenizer tokenizer,
            String sourceName,
            Optional<Duration> labelDelayOverride) {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Duration delay = labelDelayOverride.orElse(
                mapping.label() == null ? Duration.ZERO : mapping.label().delayDuration());
        if (delay.isNegative()) {
            throw new IllegalArgumentException("label delay must not be negative, was " + delay);
        }
        return new RowMapper(mapping, columns, tokenizer, sourceName, delay);
    }

    private static Map<String, Integer> positions(List<String> columns) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            out.putIfAbsent(columns.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
        return out;
    }

    private int pos(String column) {
        return column == null ? -1 : positions.get(column.trim().toLowerCase(Locale.ROOT));
    }

    /** The label delay in use. */
    public Duration labelDelay() {
        return labelDelay;
    }

    /** The mapping's name of the PAN column, if one is mapped (its values must be redacted in dead letters). */
    public Optional<String> panColumn() {
        return Optional.ofNullable(mapping.columns().pan());
    }

    /**
     * Maps one row.
     *
     * @throws RowRejectedException naming the column and the reason, never echoing a card number
     */
    public MappedRow map(SourceRow row) throws RowRejectedException {
        Instant eventTime = eventTime(row);
        String ccy = currency(row);
        long amountMinor = amountMinor(row, ccy);
        CardFields card = card(row);
        // the all-arguments constructor: the builder re-validates every field, three times slower
        Transaction tx = new Transaction(
                txId < 0 ? idPrefix + row.rowNumber() : required(row, txId, "transactionId"),
                card.token(),
                card.bin(),
                card.last4(),
                required(row, merchant, "merchantId"),
                optional(row, terminal),
                optional(row, mcc),
                upper(optional(row, country)),
                amountMinor,
                ccy,
                eventTime,
                enumValue(row, channel, "channel", Channel.class, Channel.UNKNOWN),
                enumValue(row, entryMode, "entryMode", EntryMode.class, EntryMode.UNKNOWN),
                coordinate(row, lat, "latitude", 90),
                coordinate(row, lon, "longitude", 180),
                optional(row, ip),
                optional(row, device),
                SOURCE,
                null);
        noPanLike(tx);
        return new MappedRow(row.rowNumber(), tx, label(row, tx));
    }

    /** The card: a tokenized PAN (token, BIN, last 4), or the already tokenized columns (BIN and last 4 may be null). */
    private CardFields card(SourceRow row) throws RowRejectedException {
        if (pan >= 0) {
            String value = optional(row, pan);
            if (value == null) {
                throw new RowRejectedException("column '" + mapping.columns().pan() + "' (pan) is empty");
            }
            try {
                ProtectedCard p = tokenizer.protect(value);
                return new CardFields(p.token(), p.bin(), p.last4());
            } catch (InvalidPanException e) {
                throw new RowRejectedException("column '" + mapping.columns().pan() + "' (pan): " + e.getMessage());
            }
        }
        return new CardFields(required(row, cardToken, "cardToken"), optional(row, cardBin), optional(row, cardLast4));
    }

    /** Token, and BIN and last 4 when known (an already tokenized source may lack them). */
    private record CardFields(String token, String bin, String last4) {}

    /** Defence in depth: no field other than the token may carry a card number. */
    private void noPanLike(Transaction tx) throws RowRejectedException {
        check(tx.getCardToken(), "cardToken");
        check(tx.getTransactionId(), "transactionId");
        check(tx.getMerchantId(), "merchantId");
        check(tx.getTerminalId(), "terminalId");
        check(tx.getDeviceId(), "deviceId");
        check(tx.getIpAddress(), "ipAddress");
        if (tx.getCardBin() != null && tx.getCardBin().length() > 8) {
            throw new RowRejectedException("cardBin must be at most 8 digits");
        }
        if (tx.getCardLast4() != null && tx.getCardLast4().length() > 4) {
            throw new RowRejectedException("cardLast4 must be at most 4 digits");
        }
    }

    private static void check(CharSequence value, String field) throws RowRejectedException {
        if (value != null && value.length() >= 13 && PanDetector.containsPanLike(value)) {
            throw new RowRejectedException(
                    field + " looks like a card number; map card numbers with columns.pan so they are tokenized");
        }
    }

    private FraudLabel label(SourceRow row, Transaction tx) throws RowRejectedException {
        if (label < 0) {
            return null;
        }
        ReplayMapping.LabelSpec spec = mapping.label();
        String value = optional(row, label);
        if (value == null) {
            return null;
        }
        String v = value.toLowerCase(Locale.ROOT);
        Verdict verdict;
        if (spec.fraudValues().contains(v)) {
            verdict = Verdict.FRAUD;
        } else if (spec.legitimateValues().contains(v)) {
            if (!spec.emitLegitimate()) {
                return null;
            }
            verdict = Verdict.LEGITIMATE;
        } else {
            throw new RowRejectedException(
                    "column '" + spec.column() + "' (label) has value '" + value + "'; expected one of "
                            + spec.fraudValues() + " (fraud) or " + spec.legitimateValues() + " (legitimate) or empty");
        }
        return FraudLabel.newBuilder()
                .setTransactionId(tx.getTransactionId())
                .setCardToken(tx.getCardToken())
                .setMerchantId(tx.getMerchantId())
                .setTransactionTime(tx.getEventTime())
                .setLabelTime(tx.getEventTime().plus(labelDelay))
                .setVerdict(verdict)
                .setSource(spec.source())
                .setFraudType(verdict == Verdict.FRAUD ? optional(row, fraudType) : null)
                .setNote(null)
                .setTerminalId(tx.getTerminalId())
                .build();
    }

    // ---- field parsers -------------------------------------------------------------------------------------

    Instant eventTime(SourceRow row) throws RowRejectedException {
        String column = mapping.columns().eventTime();
        Object v = row.value(time);
        if (v == null || (v instanceof String s && s.isBlank())) {
            throw new RowRejectedException("column '" + column + "' (eventTime) is empty");
        }
        try {
            return switch (v) {
                case OffsetDateTime odt -> odt.toInstant();
                case LocalDateTime ldt -> ldt.atZone(zone).toInstant();
                case java.sql.Timestamp ts -> ts.toInstant();
                case Number n -> epoch(new BigDecimal(n.toString()));
                default -> fromText(v.toString().trim());
            };
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new RowRejectedException("column '" + column + "' (eventTime) value '" + v + "' is not a valid "
                    + describeFormat() + ": " + e.getMessage());
        }
    }

    private Instant fromText(String s) {
        return switch (mapping.time().format()) {
            case EPOCH_MILLIS, EPOCH_SECONDS -> epoch(new BigDecimal(s));
            case ISO -> iso(s);
            case PATTERN -> {
                TemporalAccessor parsed = pattern.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
                yield parsed instanceof OffsetDateTime odt
                        ? odt.toInstant()
                        : ((LocalDateTime) parsed).atZone(zone).toInstant();
            }
        };
    }

    private Instant iso(String s) {
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(
                s.replace(' ', 'T'), OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime odt
                ? odt.toInstant()
                : ((LocalDateTime) parsed).atZone(zone).toInstant();
    }

    private Instant epoch(BigDecimal value) {
        return switch (mapping.time().format()) {
            case EPOCH_SECONDS ->
                Instant.ofEpochMilli(value.movePointRight(3)
                        .setScale(0, java.math.RoundingMode.FLOOR)
                        .longValueExact());
            case EPOCH_MILLIS ->
                Instant.ofEpochMilli(
                        value.setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
            default ->
                throw new DateTimeException("a number, but time.format is "
                        + mapping.time().format().name().toLowerCase(Locale.ROOT));
        };
    }

    private String describeFormat() {
        return switch (mapping.time().format()) {
            case EPOCH_MILLIS -> "epoch-millis number";
            case EPOCH_SECONDS -> "epoch-seconds number";
            case ISO -> "ISO-8601 date-time";
            case PATTERN -> "date-time with pattern '" + mapping.time().pattern() + "'";
        };
    }

    String currency(SourceRow row) throws RowRejectedException {
        String value = currency < 0 ? null : optional(row, currency);
        if (value == null) {
            if (mapping.defaultCurrency() == null) {
                throw new RowRejectedException("column '" + mapping.columns().currency()
                        + "' (currency) is empty and no defaultCurrency is set");
            }
            return mapping.defaultCurrency();
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (!fractionDigits.containsKey(code)) {
            Optional<String> problem = ReplayMapping.checkCurrency(code);
            if (problem.isPresent()) {
                throw new RowRejectedException(
                        "column '" + mapping.columns().currency() + "' (currency): " + problem.get());
            }
        }
        return code;
    }

    long amountMinor(SourceRow row, String ccy) throws RowRejectedException {
        String column = mapping.columns().amount();
        ReplayMapping.AmountSpec spec = mapping.amount();
        Object v = row.value(amount);
        if (v == null || (v instanceof String s && s.isBlank())) {
            throw new RowRejectedException("column '" + column + "' (amount) is empty");
        }
        String shown =
                abbreviate(v.toString().trim()); // as written: toPlainString() of 1E-999999999 has a billion digits
        BigDecimal value;
        try {
            // the decimal text (a Double's shortest representation), never new BigDecimal(double)'s binary expansion
            value = v instanceof BigDecimal b ? b : new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new RowRejectedException("column '" + column + "' (amount) value '" + shown + "' is not a number");
        }
        if (value.signum() < 0 || (value.signum() == 0 && !spec.allowZero())) {
            throw new RowRejectedException("column '" + column + "' (amount) must be positive, was " + shown
                    + (value.signum() == 0 ? " (amount.allowZero: true accepts zero amounts)" : ""));
        }
        int digits =
                fractionDigits.computeIfAbsent(ccy, c -> Currency.getInstance(c).getDefaultFractionDigits());
        boolean major = spec.unit() == ReplayMapping.AmountUnit.MAJOR;
        BigDecimal minor =
                major ? value.scaleByPowerOfTen(digits) : value; // not movePointRight: it expands 1E+999999999
        if (minor.precision() - minor.scale() > 19) { // more integer digits than a long holds (1E+999999999 too)
            throw new RowRejectedException("column '" + column + "' (amount) value " + shown + " is too large");
        }
        BigDecimal nearest = nearestWhole(minor);
        if (!spec.round() && nearest.compareTo(minor) != 0) {
            throw new RowRejectedException("column '" + column + "' (amount) value " + shown
                    + (major
                            ? " has more decimals than " + ccy + " allows (" + digits + ")"
                            : " is not a whole number of minor units")
                    + floatNoiseHint(minor, nearest, digits, major));
        }
        long result;
        try {
            result = nearest.longValueExact();
        } catch (ArithmeticException e) {
            throw new RowRejectedException("column '" + column + "' (amount) value " + shown + " is too large");
        }
        if (result == 0 && !spec.allowZero()) {
            throw new RowRejectedException("column '" + column + "' (amount) value " + shown + " rounds to 0 " + ccy
                    + " minor units; it must be positive (amount.allowZero: true accepts zero amounts)");
        }
        return result;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /**
     * {@code minor} rounded half-even to a whole number, exactly; at most as costly as its digits, whatever its
     * exponent (setScale on 1E-999999999 would compute 10^999999999).
     */
    private static BigDecimal nearestWhole(BigDecimal minor) {
        if (minor.precision() - minor.scale() < 0) { // |minor| < 0.1
            return BigDecimal.ZERO;
        }
        return minor.setScale(0, RoundingMode.HALF_EVEN);
    }

    /** Why a value with extra decimals may be worth rounding: it is within a hair of a whole minor unit. */
    private static String floatNoiseHint(BigDecimal minor, BigDecimal nearest, int digits, boolean major) {
        BigDecimal distance =
                nearest.signum() == 0 ? minor.abs() : minor.subtract(nearest).abs();
        if (distance.compareTo(ReplayMapping.AmountSpec.FLOAT_NOISE) > 0 || nearest.signum() == 0) {
            return "";
        }
        String near = major ? nearest.movePointLeft(digits).toPlainString() : nearest.toPlainString();
        return "; it is within " + ReplayMapping.AmountSpec.FLOAT_NOISE.toPlainString() + " of a minor unit (" + near
                + "), as binary floating-point exports write it: amount.round: true rounds it";
    }

    private String required(SourceRow row, int index, String field) throws RowRejectedException {
        String v = optional(row, index);
        if (v == null) {
            throw new RowRejectedException("column '" + columnName(field) + "' (" + field + ") is empty");
        }
        return v;
    }

    private String columnName(String field) {
        ReplayMapping.Columns c = mapping.columns();
        return switch (field) {
            case "transactionId" -> c.transactionId();
            case "merchantId" -> c.merchantId();
            case "cardToken" -> c.cardToken();
            default -> field;
        };
    }

    private static String optional(SourceRow row, int index) {
        if (index < 0) {
            return null;
        }
        Object v = row.value(index);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E enumValue(SourceRow row, int index, String field, Class<E> type, E empty)
            throws RowRejectedException {
        String v = optional(row, index);
        if (v == null) {
            return empty;
        }
        try {
            return Enum.valueOf(
                    type, v.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            throw new RowRejectedException(
                    field + " value '" + v + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Double coordinate(SourceRow row, int index, String field, double limit) throws RowRejectedException {
        String v = optional(row, index);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(Math.abs(d) <= limit)) {
                throw new RowRejectedException(
                        field + " " + v + " is outside [-" + (int) limit + ", " + (int) limit + "]");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new RowRejectedException(field + " value '" + v + "' is not a number");
        }
    }
}
