package io.fraudstream.featurestream.cleaning;

import io.fraudstream.features.state.Geo;
import io.fraudstream.schemas.avro.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validates and normalises raw transactions. Pure apart from the clock used for the future bound.
 *
 * <p>Rejected (to the dead-letter topic): a null value; a blank transaction id, card token or merchant id; a record
 * key different from the card token (the record would be in the wrong partition, so its card features would be
 * wrong); an amount {@code <= 0}; a currency without a configured rate; an amount that does not fit a long once
 * converted; an event time before the configured earliest or more than the configured skew after the wall clock.
 *
 * <p>Normalised: currency, merchant country and merchant category code trimmed and upper-cased; ids trimmed; an
 * optional code that is not valid afterwards (country not two letters A-Z, category not four digits) is removed so
 * enrichment or imputation replaces it; a latitude/longitude pair that is incomplete or out of range is removed (the
 * {@code locationMissing} feature says so).
 *
 * <p>Outliers: an amount above the cap (in base currency minor units) is kept, flagged {@code amountOutlier}, and
 * clipped at the cap for the card statistics (sums, means, maxima, z-score), so one absurd amount does not dominate a
 * card's history.
 */
public final class TransactionCleaner {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern MCC = Pattern.compile("[0-9]{4}");

    private final CurrencyTable currencies;
    private final long outlierCapMinor;
    private final Instant earliest;
    private final Duration maxFutureSkew;
    private final Clock clock;

    /**
     * @param currencies      the rate table
     * @param outlierCapMinor the outlier cap in base currency minor units
     * @param earliest        the earliest acceptable event time
     * @param maxFutureSkew   how far after the wall clock an event time may be
     * @param clock           the wall clock
     */
    public TransactionCleaner(
            CurrencyTable currencies, long outlierCapMinor, Instant earliest, Duration maxFutureSkew, Clock clock) {
        this.currencies = Objects.requireNonNull(currencies, "currencies");
        this.outlierCapMinor = outlierCapMinor;
        this.earliest = Objects.requireNonNull(earliest, "earliest");
        this.maxFutureSkew = Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Validates and normalises {@code tx} read with record key {@code key}. */
    public Outcome clean(String key, Transaction tx) {
        if (tx == null) {
            return reject("null-value", "null value (tombstone): a transaction is required");
        }
        for (var required : new String[][] {
            {"transactionId", tx.getTransactionId()},
            {"cardToken", tx.getCardToken()},
            {"merchantId", tx.getMerchantId()}
        }) {
            if (required[1] == null || required[1].isBlank()) {
                return reject("required-field", required[0] + " is blank");
            }
        }
        if (!tx.getCardToken().equals(key)) {
            return reject(
                    "key",
                    "record key '" + key + "' is not the cardToken '" + tx.getCardToken()
                            + "' (transactions.raw is keyed by card token)");
        }
        if (tx.getAmountMinor() <= 0) {
            return reject("amount", "amountMinor must be > 0, was " + tx.getAmountMinor());
        }
        String currency = upper(tx.getCurrency());
        if (currency == null || !currencies.knows(currency)) {
            return reject(
                    "currency",
                    "unknown currency '" + tx.getCurrency() + "' (no rate configured; base " + currencies.base() + ")");
        }
        Instant t = tx.getEventTime();
        if (t == null || t.isBefore(earliest)) {
            return reject("event-time", "eventTime " + t + " is before the earliest accepted " + earliest);
        }
        Instant latest = clock.instant().plus(maxFutureSkew);
        if (t.isAfter(latest)) {
            return reject("event-time", "eventTime " + t + " is more than " + maxFutureSkew + " after the wall clock");
        }
        var base = currencies.toBase(tx.getAmountMinor(), currency);
        if (base.isEmpty()) {
            return reject(
                    "amount",
                    "amount " + tx.getAmountMinor() + " " + currency + " overflows once converted to "
                            + currencies.base());
        }
        long amountBase = base.get();
        Transaction normalised = normalise(tx, currency);
        boolean outlier = amountBase > outlierCapMinor;
        return new Outcome(
                new CleanedTransaction(normalised, amountBase, outlier, Math.min(amountBase, outlierCapMinor)), null);
    }

    /** Normalises {@code tx} in place (the record is the stream's own, freshly deserialized) and returns it. */
    static Transaction normalise(Transaction tx, String currency) {
        tx.setTransactionId(tx.getTransactionId().trim());
        tx.setMerchantId(tx.getMerchantId().trim());
        tx.setCurrency(currency);
        tx.setMerchantCountry(validOrNull(upper(tx.getMerchantCountry()), COUNTRY));
        tx.setMerchantCategoryCode(validOrNull(trim(tx.getMerchantCategoryCode()), MCC));
        tx.setTerminalId(trim(tx.getTerminalId()));
        if (!Geo.valid(tx.getLatitude(), tx.getLongitude())) {
            tx.setLatitude(null);
            tx.setLongitude(null);
        }
        return tx;
    }

    private static String validOrNull(String value, Pattern valid) {
        return value != null && valid.matcher(value).matches() ? value : null;
    }

    private static String trim(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    private static String upper(String s) {
        String t = trim(s);
        return t == null ? null : t.toUpperCase(Locale.ROOT);
    }

    private static Outcome reject(String kind, String reason) {
        return new Outcome(null, new Rejection(kind, reason));
    }

    /**
     * Exactly one of {@code cleaned} and {@code rejection} is set.
     *
     * @param cleaned   the cleaned transaction
     * @param rejection why it was rejected
     */
    public record Outcome(CleanedTransaction cleaned, Rejection rejection) {
        /** Whether the transaction passed. */
        public boolean valid() {
            return cleaned != null;
        }
    }
}
