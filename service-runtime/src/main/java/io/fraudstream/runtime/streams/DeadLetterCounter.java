package io.fraudstream.runtime.streams;

/** Where a service counts the records it sends to the dead-letter topic. */
@FunctionalInterface
public interface DeadLetterCounter {

    /** A counter that counts nothing. */
    DeadLetterCounter NONE = (stage, kind) -> {};

    /**
     * One record dead-lettered.
     *
     * @param stage the {@code DeadLetter.stage}
     * @param kind  a short category (for example {@code deserialize}, {@code exception}, a validation rule)
     */
    void deadLetter(String stage, String kind);
}
