package io.fraudstream.runtime.topics;

import java.util.List;

/**
 * Existing topics contradict their specs. Lists every {@link TopicMismatch.Severity#ERROR error} of every topic at
 * once, each with topic, property, expected and actual value, and how to fix it.
 */
public final class TopicMismatchException extends TopicProvisioningException {

    private final List<TopicMismatch> mismatches;

    /** @param mismatches the errors, at least one */
    public TopicMismatchException(List<TopicMismatch> mismatches) {
        super(message(mismatches));
        this.mismatches = List.copyOf(mismatches);
    }

    /** The contradictions, in topic order. */
    public List<TopicMismatch> mismatches() {
        return mismatches;
    }

    private static String message(List<TopicMismatch> mismatches) {
        if (mismatches.isEmpty()) {
            throw new IllegalArgumentException("a TopicMismatchException needs at least one mismatch");
        }
        long topics = mismatches.stream().map(TopicMismatch::topic).distinct().count();
        StringBuilder sb = new StringBuilder()
                .append(topics)
                .append(topics == 1 ? " existing topic contradicts" : " existing topics contradict")
                .append(" the configured layout:");
        mismatches.forEach(m -> sb.append("\n  - ").append(m.describe()));
        return sb.toString();
    }
}
