package io.fraudstream.schemas.registry;

import java.util.Locale;

/** Compatibility levels of the Confluent Schema Registry API, globally or per subject. */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** Parses the registry's spelling (case-insensitive); throws {@link IllegalArgumentException} naming the valid values. */
    public static CompatibilityLevel parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "unknown compatibility level '" + value + "' (expected one of "
                            + java.util.Arrays.toString(values()) + ")",
                    e);
        }
    }
}
