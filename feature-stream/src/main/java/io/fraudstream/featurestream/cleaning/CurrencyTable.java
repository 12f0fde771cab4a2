package io.fraudstream.featurestream.cleaning;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Converts amounts in minor units of a known currency into minor units of the base currency, with a configured
 * table of rates (units of base currency per unit of the other currency). Minor-unit exponents come from ISO 4217
 * ({@link Currency#getDefaultFractionDigits()}: 2 for EUR, 0 for JPY, 3 for KWD). Rounding is half-even. Immutable.
 */
public final class CurrencyTable {

    private final String base;
    private final Map<String, BigDecimal> factors;

    private CurrencyTable(String base, Map<String, BigDecimal> factors) {
        this.base = base;
        this.factors = Map.copyOf(factors);
    }

    /**
     * @param base  ISO 4217 code of the base currency
     * @param rates units of base currency per unit of each other currency; the base currency itself is implied (1)
     * @throws IllegalArgumentException for an unknown ISO code or a rate that is not positive
     */
    public static CurrencyTable of(String base, Map<String, BigDecimal> rates) {
        String b = code(base);
        int baseDigits = digits(b);
        Map<String, BigDecimal> factors = new LinkedHashMap<>();
        factors.put(b, BigDecimal.ONE);
        rates.forEach((c, rate) -> {
            String code = code(c);
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("rate of " + code + " must be positive, was " + rate);
            }
            // minor(base) = minor(c) / 10^digits(c) * rate * 10^digits(base)
            factors.put(code, rate.scaleByPowerOfTen(baseDigits - digits(code)));
        });
        return new CurrencyTable(b, factors);
    }

    /**
     * Parses {@code CODE:rate} entries (such as {@code USD:0.92}).
     *
     * @throws IllegalArgumentException on a malformed entry
     */
    public static CurrencyTable parse(String base, List<String> entries) {
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        "currency rate '" + entry + "' is not CODE:rate (for example USD:0.92)");
            }
            try {
                rates.put(parts[0].trim(), new BigDecimal(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "currency rate '" + entry + "': '" + parts[1].trim() + "' is not a number");
            }
        }
        return of(base, rates);
    }

    private static String code(String c) {
        String code = Objects.requireNonNull(c, "currency").trim().toUpperCase(Locale.ROOT);
        digits(code);
        return code;
    }

    private static int digits(String code) {
        try {
            int d = Currency.getInstance(code).getDefaultFractionDigits();
            return Math.max(d, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ISO 4217 currency code '" + code + "'");
        }
    }

    /** The base currency. */
    public String base() {
        return base;
    }

    /** Whether {@code currency} (already normalised) has a rate. */
    public boolean knows(String currency) {
        return factors.containsKey(currency);
    }

    /**
     * {@code amountMinor} of {@code currency} in minor units of the base currency, or empty if the currency has no
     * rate or the result does not fit a long.
     */
    public Optional<Long> toBase(long amountMinor, String currency) {
        BigDecimal factor = factors.get(currency);
        if (factor == null) {
            return Optional.empty();
        }
        if (factor.compareTo(BigDecimal.ONE) == 0) {
            return Optional.of(amountMinor);
        }
        BigDecimal converted = BigDecimal.valueOf(amountMinor).multiply(factor).setScale(0, RoundingMode.HALF_EVEN);
        try {
            return Optional.of(converted.longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
