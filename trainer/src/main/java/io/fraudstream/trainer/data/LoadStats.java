package io.fraudstream.trainer.data;

/**
 * How the training data was obtained: every transaction read ends up in exactly one of the counts
 * ({@code featuresRead = outsideWindow + otherFeatureSet + duplicates + immature + fraud + legitimate}).
 *
 * @param source          where the data came from (topics and offsets, or a file)
 * @param featuresRead    feature records read
 * @param outsideWindow   records outside the requested event-time window
 * @param otherFeatureSet records of another feature-set version (cannot be read as this version)
 * @param duplicates      records whose transaction id was already read (replays); the first one is kept
 * @param immature        records younger than the maturity period at {@code asOf}, labelled or not: left out, so
 *                        that every period used is labelled alike (keeping the labelled ones would make the most
 *                        recent period, the holdout's, a small sample skewed towards fraud)
 * @param immatureLabelled of {@code immature}, those that already had a FRAUD or LEGITIMATE label (not a bucket of
 *                        its own in the sum above)
 * @param fraud           rows labelled fraud
 * @param legitimate      rows labelled legitimate or matured without a label
 * @param labelsRead      label records read
 * @param labelsUnknown   labels ignored for an UNKNOWN verdict
 * @param labelsAfterAsOf labels ignored because they were given after {@code trainer.as.of} (back-tests)
 */
public record LoadStats(
        String source,
        long featuresRead,
        long outsideWindow,
        long otherFeatureSet,
        long duplicates,
        long immature,
        long immatureLabelled,
        long fraud,
        long legitimate,
        long labelsRead,
        long labelsUnknown,
        long labelsAfterAsOf) {

    public LoadStats {
        if (immatureLabelled < 0 || immatureLabelled > immature) {
            throw new IllegalArgumentException(
                    "immatureLabelled (" + immatureLabelled + ") must be in [0, immature (" + immature + ")]");
        }
    }

    /** Stats of data read from a file of already-labelled rows. */
    public static LoadStats ofFile(String source, long rows, long fraud, long outsideWindow) {
        return new LoadStats(source, rows, outsideWindow, 0, 0, 0, 0, fraud, rows - fraud - outsideWindow, 0, 0, 0);
    }
}
