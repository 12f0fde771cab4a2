package io.fraudstream.featurestream.cleaning;

import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.MerchantProfile;
import io.fraudstream.schemas.avro.Transaction;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fills the merchant category and country from reference data, or imputes explicit unknowns. The transaction's
 * own valid values win over the reference (they describe this payment); when neither has one, the category becomes
 * {@value #UNKNOWN_CATEGORY} and the country {@value #UNKNOWN_COUNTRY} (ISO 3166 user-assigned "unknown"), and the
 * missing indicators say so.
 */
public final class Enrichment {

    /** Imputed merchant category code. */
    public static final String UNKNOWN_CATEGORY = "UNKNOWN";
    /** Imputed merchant country. */
    public static final String UNKNOWN_COUNTRY = "ZZ";

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern MCC = Pattern.compile("[0-9]{4}");

    private Enrichment() {}

    /**
     * @param transaction             the enriched transaction
     * @param merchantCategoryMissing no valid category from either source
     * @param merchantCountryMissing  no valid country from either source
     */
    public record Result(Transaction transaction, boolean merchantCategoryMissing, boolean merchantCountryMissing) {}

    /** Enriches the cleaned {@code tx} (in place) from {@code merchant} (may be null). */
    public static Result apply(Transaction tx, MerchantProfile merchant, CardProfile card) {
        String category = tx.getMerchantCategoryCode();
        if (category == null && merchant != null) {
            category = valid(merchant.getMerchantCategoryCode(), MCC);
        }
        String country = tx.getMerchantCountry();
        if (country == null && merchant != null) {
            country = valid(merchant.getCountry(), COUNTRY);
        }
        tx.setMerchantCategoryCode(category == null ? UNKNOWN_CATEGORY : category);
        tx.setMerchantCountry(country == null ? UNKNOWN_COUNTRY : country);
        return new Result(tx, category == null, country == null);
    }

    /** The card's home country, normalised, or null. */
    public static String homeCountry(CardProfile card) {
        return card == null ? null : valid(card.getHomeCountry(), COUNTRY);
    }

    private static String valid(String value, Pattern pattern) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return pattern.matcher(v).matches() ? v : null;
    }
}
