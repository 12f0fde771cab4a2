package io.fraudstream.features;

import static io.fraudstream.features.FeatureDefinition.of;
import static io.fraudstream.features.FeatureDefinition.optional;
import static io.fraudstream.features.FeatureType.BOOLEAN;
import static io.fraudstream.features.FeatureType.DOUBLE;
import static io.fraudstream.features.FeatureType.INT;
import static io.fraudstream.features.FeatureType.LONG;

import io.fraudstream.features.state.Geo;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.RiskTier;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The features computed by the card stage (partitioned by card token): cleaning indicators, enrichment, per-card
 * windows and history, distance and time of day. Part of {@link FeatureSet}.
 */
public final class CardFeatures {

    /** Hours (UTC) counted as night: 0 to {@value} inclusive. */
    public static final int LAST_NIGHT_HOUR = 5;

    private static final List<FeatureDefinition<CardInputs>> DEFINITIONS = build();

    private CardFeatures() {}

    /** The card-stage features, in vector order. */
    public static List<FeatureDefinition<CardInputs>> definitions() {
        return DEFINITIONS;
    }

    private static List<FeatureDefinition<CardInputs>> build() {
        List<FeatureDefinition<CardInputs>> d = new ArrayList<>();
        d.add(of(
                "amountBaseMinor",
                LONG,
                "The amount converted into the base currency with the configured rate table, in minor units, not clipped.",
                CardInputs::amountBaseMinor));
        d.add(of(
                "amountOutlier",
                BOOLEAN,
                "True when amountBaseMinor exceeds the configured outlier cap; card amount features then use the cap.",
                CardInputs::amountOutlier));
        d.add(of(
                "merchantCategoryMissing",
                BOOLEAN,
                "No valid merchant category code from the transaction or reference.merchants (imputed UNKNOWN).",
                CardInputs::merchantCategoryMissing));
        d.add(of(
                "merchantCountryMissing",
                BOOLEAN,
                "No valid merchant country from the transaction or reference.merchants (imputed ZZ).",
                CardInputs::merchantCountryMissing));
        d.add(of(
                "locationMissing",
                BOOLEAN,
                "No valid latitude/longitude pair on the transaction.",
                CardInputs::locationMissing));
        d.add(of(
                "merchantReferenceMissing",
                BOOLEAN,
                "No profile for the merchant in reference.merchants.",
                in -> in.merchant() == null));
        d.add(of(
                "cardReferenceMissing",
                BOOLEAN,
                "No profile for the card in reference.cards.",
                in -> in.card() == null));
        d.add(of(
                "isCardNotPresent",
                BOOLEAN,
                "Card-not-present channel (ECOMMERCE or MOTO).",
                in -> in.transaction().getChannel() == Channel.ECOMMERCE
                        || in.transaction().getChannel() == Channel.MOTO));
        d.add(of(
                "merchantHighRisk",
                BOOLEAN,
                "The merchant's reference risk tier is HIGH.",
                in -> in.merchant() != null && in.merchant().getRiskTier() == RiskTier.HIGH));
        for (CardWindow w : CardWindow.values()) {
            d.add(of(
                    "cardTxnCount" + w.suffix(),
                    INT,
                    "Card transactions with event time in (t - " + w.suffix() + ", t], this one included.",
                    in -> in.snapshot().count(w)));
        }
        for (CardWindow w : CardWindow.values()) {
            d.add(of(
                    "cardAmountSum" + w.suffix(),
                    LONG,
                    "Sum of the card's amounts in (t - " + w.suffix() + ", t], base currency minor units, clipped.",
                    in -> in.snapshot().sum(w)));
        }
        for (CardWindow w : CardWindow.values()) {
            d.add(of(
                    "cardAmountMean" + w.suffix(),
                    DOUBLE,
                    "Mean of the card's amounts in (t - " + w.suffix() + ", t], base currency minor units, clipped.",
                    in -> in.snapshot().mean(w)));
        }
        for (CardWindow w : CardWindow.values()) {
            d.add(of(
                    "cardAmountMax" + w.suffix(),
                    LONG,
                    "Largest of the card's amounts in (t - " + w.suffix() + ", t], base currency minor units, clipped.",
                    in -> in.snapshot().max(w)));
        }
        d.add(optional(
                "secondsSinceLastTxn",
                DOUBLE,
                30 * 86_400.0,
                "Seconds since the card's latest previous transaction (event time <= t, within 30 d); missing: 30 days.",
                in -> in.snapshot().secondsSinceLast()));
        d.add(optional(
                "amountZScore",
                DOUBLE,
                0.0,
                "Z-score of the clipped amount against the card's previous amounts in (t - 30 d, t] (population std dev);"
                        + " missing with fewer than 2 previous or zero deviation: 0.",
                CardFeatures::zScore));
        d.add(optional(
                "amountToMeanRatio",
                DOUBLE,
                1.0,
                "Clipped amount / mean of the card's previous amounts in (t - 30 d, t]; missing without a previous: 1.",
                CardFeatures::ratioToMean));
        d.add(of(
                "cardDistinctMerchants24h",
                INT,
                "Distinct merchants of the card's transactions in (t - 24h, t], this one included.",
                in -> in.snapshot().distinctMerchants24h()));
        d.add(of(
                "firstTimeAtMerchant",
                BOOLEAN,
                "No previous transaction of the card at this merchant in (t - 30 d, t].",
                in -> in.snapshot().firstTimeAtMerchant()));
        d.add(optional(
                "distanceFromPrevKm",
                DOUBLE,
                0.0,
                "Great-circle km from the card's latest previous located transaction (within 30 d); missing: 0.",
                in -> in.snapshot().distanceFromPrevKm()));
        d.add(optional(
                "speedFromPrevKmh",
                DOUBLE,
                0.0,
                "distanceFromPrevKm / time between the two (at least 1 s), km/h; missing: 0.",
                CardFeatures::speedKmh));
        d.add(optional(
                "distanceFromHomeKm",
                DOUBLE,
                0.0,
                "Great-circle km from the card's reference home location to the transaction; missing: 0.",
                CardFeatures::distanceFromHome));
        d.add(optional(
                "merchantCountryDiffersFromHome",
                BOOLEAN,
                0.0,
                "Merchant country differs from the card's home country; missing when either is unknown: 0.",
                CardFeatures::countryDiffersFromHome));
        d.add(of("hourOfDay", INT, "Hour of day of the event time, UTC, 0..23.", in -> utc(in).getHour()));
        d.add(of("isNight", BOOLEAN, "UTC hour of day 0..5.", in -> utc(in).getHour() <= LAST_NIGHT_HOUR));
        d.add(of(
                "isWeekend",
                BOOLEAN,
                "Saturday or Sunday, UTC.",
                in -> utc(in).getDayOfWeek() == DayOfWeek.SATURDAY || utc(in).getDayOfWeek() == DayOfWeek.SUNDAY));
        return List.copyOf(d);
    }

    static Double zScore(CardInputs in) {
        var s = in.snapshot();
        if (s.previousCount() < 2 || s.previousStdDev() == 0.0) {
            return null;
        }
        return (clippedAmount(in) - s.previousMean()) / s.previousStdDev();
    }

    static Double ratioToMean(CardInputs in) {
        var s = in.snapshot();
        if (s.previousCount() < 1 || s.previousMean() <= 0) {
            return null;
        }
        return clippedAmount(in) / s.previousMean();
    }

    static Double speedKmh(CardInputs in) {
        var s = in.snapshot();
        if (s.distanceFromPrevKm() == null) {
            return null;
        }
        return s.distanceFromPrevKm() / (Math.max(1.0, s.secondsSincePrevLocated()) / 3600.0);
    }

    static Double distanceFromHome(CardInputs in) {
        var c = in.card();
        var tx = in.transaction();
        if (c == null || !Geo.valid(c.getHomeLatitude(), c.getHomeLongitude()) || in.locationMissing()) {
            return null;
        }
        return Geo.distanceKm(
                Geo.micro(c.getHomeLatitude()),
                Geo.micro(c.getHomeLongitude()),
                Geo.micro(tx.getLatitude()),
                Geo.micro(tx.getLongitude()));
    }

    static Boolean countryDiffersFromHome(CardInputs in) {
        String home = in.card() == null || in.card().getHomeCountry() == null
                ? null
                : in.card().getHomeCountry().trim().toUpperCase(java.util.Locale.ROOT);
        if (home == null || !home.matches("[A-Z]{2}") || in.merchantCountryMissing()) {
            return null;
        }
        return !home.equals(in.transaction().getMerchantCountry());
    }

    /** The amount the card statistics use: the base amount clipped at the outlier cap (the snapshot's current max). */
    private static double clippedAmount(CardInputs in) {
        return in.snapshot().currentAmount();
    }

    private static ZonedDateTime utc(CardInputs in) {
        return in.transaction().getEventTime().atZone(ZoneOffset.UTC);
    }
}
