package io.fraudstream.scoring.model;

/** Why a model record cannot be served; {@link #category()} is a short tag for the rejection metric. */
public final class RejectedModelException extends Exception {

    private final String category;

    public RejectedModelException(String category, String message, Throwable cause) {
        super(message, cause);
        this.category = category;
    }

    /** One of {@code corrupt}, {@code unsigned}, {@code signature}, {@code format}, {@code features}, {@code calibration},
     * {@code invalid}. */
    public String category() {
        return category;
    }
}
