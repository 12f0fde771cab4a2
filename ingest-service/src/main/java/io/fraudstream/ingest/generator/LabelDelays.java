package io.fraudstream.ingest.generator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long after a fraudulent transaction its {@code FRAUD} label arrives (a setting of the generator:
 * {@link GeneratorSettings#labelDelays()}). Label times are always transaction time + a delay drawn from the profile,
 * never shortened; only labels before the end of the stream are emitted, so with long delays the last weeks of a
 * stream hold fraud whose labels have not arrived yet. Analyst clearances of legitimate big-ticket purchases
 * ({@code LEGITIMATE} labels, 6–72 hours) do not depend on the profile.
 */
public enum LabelDelays {
    /**
     * The default: chargebacks as an issuer receives them. The cardholder finds the payment on a statement or in the
     * banking app and disputes it, the issuer reviews it: no label before 7 days, none after 60 days, most after two to
     * four weeks. Drawn as 7 days + a log-normal with median 12 days and log-space standard deviation 0.5 (redrawn
     * above 60 days): median about 19 days, 10th–90th percentile about 13–30 days, about 73 % between 14 and 28 days.
     * A history must be at least 60 days longer than the period trained on for every label to be in it.
     */
    CHARGEBACK("chargeback", Duration.ofDays(60)),
    /**
     * The earlier, faster profile, for short histories (a demo or a test that trains on a few weeks of history):
     * 85 % log-normal with median 2.5 days (kept within 2 hours and 14 days), 15 % after 2 to 8 weeks.
     */
    SHORT("short", Duration.ofDays(57));

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private final String label;
    private final Duration maxDelay;

    LabelDelays(String label, Duration maxDelay) {
        this.label = label;
        this.maxDelay = maxDelay;
    }

    /** The name used in settings and on the command line, e.g. {@code chargeback}. */
    public String label() {
        return label;
    }

    /** The longest delay the profile draws: labels of fraud older than this have all arrived. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * The profile named {@code name} ({@link #label()}, case-insensitive).
     *
     * @throws IllegalArgumentException naming the known profiles
     */
    public static LabelDelays parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.label.equals(n))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown label delay profile '" + name + "'; known: "
                        + Arrays.stream(values()).map(LabelDelays::label).toList()));
    }

    /** A delay in milliseconds, drawn with {@code rng}. */
    long sample(Rng rng) {
        return switch (this) {
            case CHARGEBACK -> chargeback(rng);
            case SHORT -> shortDelay(rng);
        };
    }

    private static long chargeback(Rng rng) {
        long max = 60 * DAY;
        for (int attempt = 0; attempt < 16; attempt++) {
            long d = 7 * DAY + (long) rng.logNormal(12 * DAY, 0.5);
            if (d <= max) {
                return d;
            }
        }
        return max; // 16 draws in a row above 60 days: probability below 1e-40
    }

    /** The generator's original profile, draw for draw. */
    private static long shortDelay(Rng rng) {
        if (rng.chance(0.85)) {
            return Math.max(2 * HOUR, Math.min(14 * DAY, (long) rng.logNormal(2.5 * DAY, 0.6)));
        }
        return rng.between(14, 56) * DAY + rng.nextLong(DAY);
    }
}
