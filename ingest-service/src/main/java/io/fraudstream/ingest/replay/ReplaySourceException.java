package io.fraudstream.ingest.replay;

/** A source cannot be read at all (missing file, bad CSV structure, SQL error): the replay stops. */
public final class ReplaySourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, with the source */
    public ReplaySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
