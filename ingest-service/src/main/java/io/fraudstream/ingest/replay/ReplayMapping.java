package io.fraudstream.ingest.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fraudstream.schemas.avro.LabelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the columns of a tabular source (CSV file, JDBC query) become {@code Transaction} and {@code FraudLabel}
 * fields. Read from a YAML file (see the README, section "Replay", for the format and an example) with
 * {@link #load(Path)} or {@link #parse(String)}; validated once, at load, so that a bad mapping fails before the
 * first row is read.
 *
 * @param columns         source column of each transaction field (column names match case-insensitively)
 * @param time            how the event-time column is written
 * @param amount          whether the amount column is in major (12.34) or minor (1234) units, whether amounts are
 *                        rounded to the currency's minor unit, whether zero amounts are accepted
 * @param defaultCurrency ISO 4217 currency of rows without a currency column or with an empty one; may be null
 * @param label           the label column, if labels are replayed; may be null
 * @param csv             CSV options (delimiter); may be null
 */
public record ReplayMapping(
        Columns columns, TimeSpec time, AmountSpec amount, String defaultCurrency, LabelSpec label, CsvSpec csv) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Defaults then validation; see {@link #validate()}. */
    public ReplayMapping {
        time = time == null ? new TimeSpec(null, null, null) : time;
        amount = amount == null ? new AmountSpec(null, null, null) : amount;
        csv = csv == null ? new CsvSpec(null) : csv;
        defaultCurrency = defaultCurrency == null || defaultCurrency.isBlank()
                ? null
                : defaultCurrency.trim().toUpperCase(Locale.ROOT);
    }

    /** Reads and validates a YAML mapping file. */
    public static ReplayMapping load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read mapping file " + file + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mapping file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates a YAML mapping. */
    public static ReplayMapping parse(String yaml) {
        ReplayMapping m;
        try {
            m = YAML.readValue(yaml, ReplayMapping.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "invalid mapping: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ")"),
                    e);
        }
        if (m == null) {
            throw new IllegalArgumentException("mapping is empty");
        }
        m.validate();
        return m;
    }

    /**
     * Checks the mapping as a whole.
     *
     * @throws IllegalArgumentException listing every problem
     */
    public void validate() {
        List<String> errors = new ArrayList<>();
        if (columns == null) {
            errors.add("'columns' is required");
        } else {
            columns.validate(errors);
            if (columns.currency() == null && defaultCurrency == null) {
                errors.add("map columns.currency or set defaultCurrency");
            }
        }
        if (defaultCurrency != null) {
            checkCurrency(defaultCurrency).ifPresent(e -> errors.add("defaultCurrency: " + e));
        }
        time.validate(errors);
        if (label != null) {
            label.validate(errors);
        }
        csv.validate(errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid mapping: " + String.join("; ", errors));
        }
    }

    /** Empty if {@code code} is an ISO 4217 currency with minor units, else why not. */
    static Optional<String> checkCurrency(String code) {
        try {
            Currency c = Currency.getInstance(code);
            return c.getDefaultFractionDigits() < 0
                    ? Optional.of("currency " + code + " has no minor unit (not a payment currency)")
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("unknown ISO 4217 currency '" + code + "'");
        }
    }

    /** Every source column the mapping reads, in a stable order. */
    public Set<String> referencedColumns() {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        columns.all().stream().filter(Objects::nonNull).forEach(out::add);
        if (label != null) {
            out.add(label.column());
            if (label.fraudTypeColumn() != null) {
                out.add(label.fraudTypeColumn());
            }
        }
        return out;
    }

    /**
     * Source column of each Transaction field; null = not mapped. Required: eventTime, amount, merchantId and one
     * of pan (tokenized with the configured secret; BIN and last 4 kept) or cardToken (already tokenized).
     */
    public record Columns(
            String transactionId,
            String eventTime,
            String amount,
            String currency,
            String pan,
            String cardToken,
            String cardBin,
            String cardLast4,
            String merchantId,
            String terminalId,
            String merchantCategoryCode,
            String merchantCountry,
            String channel,
            String entryMode,
            String latitude,
            String longitude,
            String ipAddress,
            String deviceId) {

        List<String> all() {
            return java.util.Arrays.asList(
                    transactionId,
                    eventTime,
                    amount,
                    currency,
                    pan,
                    cardToken,
                    cardBin,
                    cardLast4,
                    merchantId,
                    terminalId,
                    merchantCategoryCode,
                    merchantCountry,
                    channel,
                    entryMode,
                    latitude,
                    longitude,
                    ipAddress,
                    deviceId);
        }

        void validate(List<String> errors) {
            require(eventTime, "columns.eventTime", errors);
            require(amount, "columns.amount", errors);
            require(merchantId, "columns.merchantId", errors);
            if ((pan == null) == (cardToken == null)) {
                errors.add(
                        "map exactly one of columns.pan (card numbers, tokenized at replay) and columns.cardToken (already tokenized)");
            }
            if (pan != null && (cardBin != null || cardLast4 != null)) {
                errors.add("columns.cardBin/cardLast4 are taken from columns.pan; do not map them too");
            }
        }

        private static void require(String column, String name, List<String> errors) {
            if (column == null || column.isBlank()) {
                errors.add("'" + name + "' is required");
            }
        }
    }

    /** How event times are written. */
    public enum TimeFormat {
        /** Milliseconds since 1970-01-01T00:00:00Z (a number). */
        @JsonProperty("epoch-millis")
        EPOCH_MILLIS,
        /** Seconds since the epoch, possibly with a fraction (a number). */
        @JsonProperty("epoch-seconds")
        EPOCH_SECONDS,
        /** ISO-8601: an instant (2024-03-01T12:00:00Z), an offset date-time, or a local date-time in {@code zone}. */
        @JsonProperty("iso")
        ISO,
        /** A {@link DateTimeFormatter} pattern ({@code pattern}), in {@code zone} unless the pattern has an offset. */
        @JsonProperty("pattern")
        PATTERN
    }

    /**
     * @param format  default {@code iso}
     * @param pattern a {@link DateTimeFormatter} pattern, required with {@code format: pattern}
     * @param zone    zone of local date-times (and SQL TIMESTAMP without time zone); default UTC
     */
    public record TimeSpec(TimeFormat format, String pattern, String zone) {
        public TimeSpec {
            format = format == null ? TimeFormat.ISO : format;
            zone = zone == null || zone.isBlank() ? "UTC" : zone.trim();
        }

        void validate(List<String> errors) {
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                errors.add("time.zone: unknown zone '" + zone + "'");
            }
            if (format == TimeFormat.PATTERN) {
                if (pattern == null || pattern.isBlank()) {
                    errors.add("time.pattern is required with time.format: pattern");
                } else {
                    try {
                        DateTimeFormatter.ofPattern(pattern);
                    } catch (IllegalArgumentException e) {
                        errors.add("time.pattern '" + pattern + "': " + e.getMessage());
                    }
                }
            } else if (pattern != null) {
                errors.add("time.pattern is only used with time.format: pattern");
            }
        }

        ZoneId zoneId() {
            return ZoneId.of(zone);
        }
    }

    /** Units of the amount column. */
    public enum AmountUnit {
        /** Major units with a decimal point (12.34 EUR); converted exactly with the currency's minor-unit digits. */
        @JsonProperty("major")
        MAJOR,
        /** Minor units, an integer (1234 = 12.34 EUR). */
        @JsonProperty("minor")
        MINOR
    }

    /**
     * How the amount column is read. Amounts are decimal numbers read from their text (or SQL {@code NUMERIC}),
     * never through a binary double, and converted to minor units with the currency's ISO 4217 digits.
     *
     * @param unit      default {@code major}
     * @param round     {@code true}: round every amount to a whole number of the currency's minor units, exactly
     *                  ({@link java.math.BigDecimal}, {@link java.math.RoundingMode#HALF_EVEN}: a value exactly half
     *                  way, 12.345 EUR, goes to the even neighbour, 12.34; 12.355 goes to 12.36), so that values
     *                  exported from data frames through binary floating point (85.64999999999999) are accepted
     *                  (8565 cents). Default {@code false}: a value with more decimals than the currency has rejects
     *                  the row; the reason says when the value is within {@link #FLOAT_NOISE} (0.000001) of a whole
     *                  minor unit (floating-point noise, which this option rounds away)
     * @param allowZero {@code true}: accept amounts of zero (also amounts that round to zero). Default
     *                  {@code false}: zero rejects the row. Negative amounts always reject the row
     */
    public record AmountSpec(AmountUnit unit, Boolean round, Boolean allowZero) {
        /**
         * Distance to the nearest whole minor unit, in minor units, below which a value that is rejected for its
         * extra decimals is reported as floating-point noise.
         */
        public static final java.math.BigDecimal FLOAT_NOISE = new java.math.BigDecimal("0.000001");

        public AmountSpec {
            unit = unit == null ? AmountUnit.MAJOR : unit;
            round = round != null && round;
            allowZero = allowZero != null && allowZero;
        }
    }

    /**
     * The label column: rows whose value is one of {@code fraudValues} get a FRAUD label, one of
     * {@code legitimateValues} a LEGITIMATE label if {@code emitLegitimate}, an empty value none; any other value
     * rejects the row. Label time = transaction time + {@code delay}.
     *
     * @param column           the label column
     * @param fraudValues      values meaning fraud (case-insensitive); default 1, true, yes, fraud
     * @param legitimateValues values meaning legitimate; default 0, false, no, legit, legitimate
     * @param emitLegitimate   whether LEGITIMATE labels are produced too; default false (only fraud is reported)
     * @param delay            ISO-8601 duration between the transaction and its label; default P7D
     * @param source           the FraudLabel source; default CHARGEBACK
     * @param fraudTypeColumn  column with the kind of fraud (FraudLabel.fraudType), optional
     */
    public record LabelSpec(
            String column,
            List<String> fraudValues,
            List<String> legitimateValues,
            Boolean emitLegitimate,
            String delay,
            LabelSource source,
            String fraudTypeColumn) {
        public LabelSpec {
            fraudValues = lower(fraudValues == null ? List.of("1", "true", "yes", "fraud") : fraudValues);
            legitimateValues = lower(
                    legitimateValues == null ? List.of("0", "false", "no", "legit", "legitimate") : legitimateValues);
            emitLegitimate = emitLegitimate != null && emitLegitimate;
            delay = delay == null || delay.isBlank() ? "P7D" : delay.trim();
            source = source == null ? LabelSource.CHARGEBACK : source;
        }

        private static List<String> lower(List<String> values) {
            return values.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).toList();
        }

        void validate(List<String> errors) {
            if (column == null || column.isBlank()) {
                errors.add("label.column is required when label is present");
            }
            if (fraudValues.stream().anyMatch(legitimateValues::contains)) {
                errors.add("label.fraudValues and label.legitimateValues overlap");
            }
            try {
                if (delayDuration().isNegative()) {
                    errors.add("label.delay must not be negative");
                }
            } catch (RuntimeException e) {
                errors.add("label.delay '" + delay + "' is not an ISO-8601 duration (e.g. P7D, PT36H)");
            }
        }

        /** {@link #delay()} parsed. */
        public Duration delayDuration() {
            return Duration.parse(delay);
        }
    }

    /** @param delimiter one character; default {@code ,} */
    public record CsvSpec(String delimiter) {
        public CsvSpec {
            delimiter = delimiter == null ? "," : delimiter;
        }

        void validate(List<String> errors) {
            if (delimiter.length() != 1) {
                errors.add("csv.delimiter must be one character, was '" + delimiter + "'");
            }
        }

        char delimiterChar() {
            return delimiter.charAt(0);
        }
    }
}
