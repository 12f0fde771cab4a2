package io.fraudstream.ingest.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that shapes a generated stream; together with the card-token secret it determines the stream exactly
 * (same settings, same secret → same records).
 *
 * @param seed             random seed
 * @param cards            cardholders
 * @param merchants        merchants (about a quarter of them online only)
 * @param start            event time of the beginning of the stream
 * @param duration         event time covered; events at or after {@code start + duration} are not emitted
 * @param txPerCardPerDay  average legitimate transactions per card per day (each card's own rate varies around it)
 * @param scenarioRates    rate of each fraud scenario: incidents per card per day, except
 *                         {@link Scenario#COMPROMISED_MERCHANT}: compromises per in-person merchant per day
 * @param compromisedShare share of the cards using a compromised terminal that are defrauded later
 * @param travelPerCardPerDay legitimate trips started per card per day (location changes that are not fraud)
 * @param legitimateLabelShare share of legitimate "suspicious-looking" transactions (big tickets) that an analyst
 *                         clears with a LEGITIMATE label
 * @param labelDelays      how long fraud labels take to arrive: {@link LabelDelays#CHARGEBACK} (default: 7–60 days,
 *                         most after two to four weeks) or {@link LabelDelays#SHORT} (mostly within days, for a
 *                         history of a few weeks that is trained on at once); required
 */
public record GeneratorSettings(
        long seed,
        int cards,
        int merchants,
        Instant start,
        Duration duration,
        double txPerCardPerDay,
        Map<Scenario, Double> scenarioRates,
        double compromisedShare,
        double travelPerCardPerDay,
        double legitimateLabelShare,
        LabelDelays labelDelays) {

    /**
     * Default rates: about 0.15–0.3 % of transactions are fraud. A compromise skims one terminal, hence the higher
     * rate of {@link Scenario#COMPROMISED_MERCHANT} than of the per-card scenarios.
     */
    public static final Map<Scenario, Double> DEFAULT_RATES = Map.of(
            Scenario.CARD_TESTING, 0.0002,
            Scenario.ACCOUNT_TAKEOVER, 0.0001,
            Scenario.COMPROMISED_MERCHANT, 0.0008,
            Scenario.IMPOSSIBLE_TRAVEL, 0.0001,
            Scenario.LARGE_AMOUNT, 0.0002);

    public GeneratorSettings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(scenarioRates, "scenarioRates");
        Objects.requireNonNull(
                labelDelays,
                "labelDelays: a label delay profile is required, one of "
                        + java.util.Arrays.stream(LabelDelays.values())
                                .map(LabelDelays::label)
                                .toList());
        if (cards < 1) throw new IllegalArgumentException("cards must be >= 1, was " + cards);
        if (merchants < 60)
            throw new IllegalArgumentException("merchants must be >= 60 (a few per city), was " + merchants);
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive");
        if (!(txPerCardPerDay > 0)) throw new IllegalArgumentException("txPerCardPerDay must be positive");
        EnumMap<Scenario, Double> rates = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            double r = scenarioRates.getOrDefault(s, DEFAULT_RATES.get(s));
            if (!(r >= 0) || r > 1)
                throw new IllegalArgumentException("rate of " + s.label() + " must be in [0, 1], was " + r);
            rates.put(s, r);
        }
        scenarioRates = java.util.Collections.unmodifiableMap(rates);
        if (!(compromisedShare >= 0 && compromisedShare <= 1))
            throw new IllegalArgumentException("compromisedShare must be in [0, 1]");
        if (!(travelPerCardPerDay >= 0)) throw new IllegalArgumentException("travelPerCardPerDay must be >= 0");
        if (!(legitimateLabelShare >= 0 && legitimateLabelShare <= 1))
            throw new IllegalArgumentException("legitimateLabelShare must be in [0, 1]");
    }

    /**
     * Defaults: 10,000 cards, 2,000 merchants, 2.5 tx per card per day, default rates, chargeback label delays
     * ({@link LabelDelays#CHARGEBACK}), from {@code start}.
     */
    public static GeneratorSettings defaults(long seed, Instant start, Duration duration) {
        return new GeneratorSettings(
                seed, 10_000, 2_000, start, duration, 2.5, DEFAULT_RATES, 0.3, 0.01, 0.5, LabelDelays.CHARGEBACK);
    }

    /** A copy with another population size. */
    public GeneratorSettings withPopulation(int cards, int merchants) {
        return new GeneratorSettings(
                seed,
                cards,
                merchants,
                start,
                duration,
                txPerCardPerDay,
                scenarioRates,
                compromisedShare,
                travelPerCardPerDay,
                legitimateLabelShare,
                labelDelays);
    }

    /** A copy with another per-card activity. */
    public GeneratorSettings withTxPerCardPerDay(double perDay) {
        return new GeneratorSettings(
                seed,
                cards,
                merchants,
                start,
                duration,
                perDay,
                scenarioRates,
                compromisedShare,
                travelPerCardPerDay,
                legitimateLabelShare,
                labelDelays);
    }

    /** A copy with one scenario's rate changed. */
    public GeneratorSettings withRate(Scenario scenario, double rate) {
        Map<Scenario, Double> rates = new EnumMap<>(scenarioRates);
        rates.put(scenario, rate);
        return new GeneratorSettings(
                seed,
                cards,
                merchants,
                start,
                duration,
                txPerCardPerDay,
                rates,
                compromisedShare,
                travelPerCardPerDay,
                legitimateLabelShare,
                labelDelays);
    }

    /** A copy with another label delay profile. */
    public GeneratorSettings withLabelDelays(LabelDelays profile) {
        return new GeneratorSettings(
                seed,
                cards,
                merchants,
                start,
                duration,
                txPerCardPerDay,
                scenarioRates,
                compromisedShare,
                travelPerCardPerDay,
                legitimateLabelShare,
                profile);
    }

    /**
     * The same world (seed, population, rates, label delays) continued from {@link #end()} for {@code span}: a
     * generator for it emits transactions with ids of its own (see {@link TrafficGenerator}).
     */
    public GeneratorSettings continuation(Duration span) {
        return new GeneratorSettings(
                seed,
                cards,
                merchants,
                end(),
                span,
                txPerCardPerDay,
                scenarioRates,
                compromisedShare,
                travelPerCardPerDay,
                legitimateLabelShare,
                labelDelays);
    }

    /** End of the stream (exclusive). */
    public Instant end() {
        return start.plus(duration);
    }
}
