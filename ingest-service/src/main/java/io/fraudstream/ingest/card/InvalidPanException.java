package io.fraudstream.ingest.card;

/**
 * A card number was rejected (wrong length, non-digit characters, Luhn failure). The message says why and how
 * long the input was; it never contains the digits themselves, so it is safe to log and to return to a client.
 */
public final class InvalidPanException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param reason why the PAN was rejected; must not contain the PAN */
    public InvalidPanException(String reason) {
        super(reason);
    }
}
