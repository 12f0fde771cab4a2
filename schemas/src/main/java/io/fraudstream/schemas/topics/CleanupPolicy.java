package io.fraudstream.schemas.topics;

/** How the broker retires a topic's records: by age/size ({@link #DELETE}) or by key ({@link #COMPACT}). */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of the broker's {@code cleanup.policy} topic config. */
    public String configValue() {
        return configValue;
    }
}
