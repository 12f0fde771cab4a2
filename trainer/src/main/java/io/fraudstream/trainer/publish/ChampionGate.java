package io.fraudstream.trainer.publish;

import java.util.OptionalDouble;

/**
 * Decides where a newly trained model goes. Both models are scored on the same held-out period: the serving champion
 * is re-scored there, its stored figures are not used.
 * <ul>
 *     <li>{@link Mode#DRY_RUN}: nowhere (only the report is written).</li>
 *     <li>{@link Mode#CHALLENGER}: the challenger slot, whatever the figures (scored in shadow by the scorer).</li>
 *     <li>{@link Mode#FORCE}: the champion slot, whatever the figures.</li>
 *     <li>{@link Mode#GATED}: the champion slot if there is no usable champion, or if the new model's average
 *     precision exceeds the champion's by more than {@code margin}; otherwise not published.</li>
 * </ul>
 */
public final class ChampionGate {

    /** How the run was asked to publish. */
    public enum Mode {
        GATED,
        FORCE,
        CHALLENGER,
        DRY_RUN
    }

    /** Where the model goes. */
    public enum Outcome {
        PUBLISH_CHAMPION,
        PUBLISH_CHALLENGER,
        NOT_PUBLISHED,
        DRY_RUN
    }

    /**
     * A decision and its reason.
     *
     * @param outcome what happens
     * @param reason  why, for the log and the report
     */
    public record Decision(Outcome outcome, String reason) {}

    private ChampionGate() {}

    /**
     * @param mode           how the run was asked to publish
     * @param newAp          the new model's average precision on the holdout
     * @param championAp     the champion's, re-scored on the same holdout; empty if there is no usable champion
     * @param championStatus what is known about the champion (for the reason), for example "none" or why it is unusable
     * @param margin         how much better the new model must be
     */
    public static Decision decide(
            Mode mode, double newAp, OptionalDouble championAp, String championStatus, double margin) {
        String figures = String.format(
                "new average precision %.4f, champion %s",
                newAp, championAp.isPresent() ? String.format("%.4f", championAp.getAsDouble()) : championStatus);
        return switch (mode) {
            case DRY_RUN -> new Decision(Outcome.DRY_RUN, "dry run: nothing published (" + figures + ")");
            case CHALLENGER ->
                new Decision(Outcome.PUBLISH_CHALLENGER, "published as challenger on request (" + figures + ")");
            case FORCE -> new Decision(Outcome.PUBLISH_CHAMPION, "published as champion, forced (" + figures + ")");
            case GATED -> gated(newAp, championAp, figures, margin);
        };
    }

    private static Decision gated(double newAp, OptionalDouble championAp, String figures, double margin) {
        if (championAp.isEmpty()) {
            return new Decision(
                    Outcome.PUBLISH_CHAMPION, "no usable champion: published as champion (" + figures + ")");
        }
        if (Double.isNaN(newAp)) {
            return new Decision(
                    Outcome.NOT_PUBLISHED, "the holdout has no fraud, the models cannot be compared (" + figures + ")");
        }
        double champion = championAp.getAsDouble();
        if (Double.isNaN(champion) || newAp > champion + margin) {
            return new Decision(
                    Outcome.PUBLISH_CHAMPION,
                    String.format(
                            "beats the champion by more than the margin %.4f: published as champion (%s)",
                            margin, figures));
        }
        return new Decision(
                Outcome.NOT_PUBLISHED,
                String.format(
                        "does not beat the champion by more than the margin %.4f: not published; use --challenger or --force (%s)",
                        margin, figures));
    }
}
