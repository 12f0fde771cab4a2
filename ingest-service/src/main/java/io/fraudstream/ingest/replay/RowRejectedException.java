package io.fraudstream.ingest.replay;

/** A row cannot be mapped to a transaction; the message says which column and why (never a card number). */
public final class RowRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason why, naming the column */
    public RowRejectedException(String reason) {
        super(reason, null, false, false);
    }
}
