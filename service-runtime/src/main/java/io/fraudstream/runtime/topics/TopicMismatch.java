package io.fraudstream.runtime.topics;

import java.util.Objects;

/**
 * One way an existing topic differs from its spec.
 *
 * @param topic    the topic's name
 * @param property what differs, such as {@code partitions} or {@code cleanup.policy}
 * @param expected what the spec asks for
 * @param actual   what the broker has
 * @param severity whether the service may start anyway
 * @param fix      how to resolve it
 */
public record TopicMismatch(
        String topic, String property, String expected, String actual, Severity severity, String fix) {

    /** Whether a mismatch stops the service ({@link #ERROR}) or is only logged ({@link #WARNING}). */
    public enum Severity {
        ERROR,
        WARNING
    }

    public TopicMismatch {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(fix, "fix");
    }

    /** One line: topic, property, expected, actual and fix. */
    public String describe() {
        return topic + ": " + property + " expected " + expected + ", actual " + actual + ". Fix: " + fix;
    }
}
