package io.fraudstream.localstack;

/** The local stack could not start, stop or be found; the message says what to do. */
public class LocalStackException extends RuntimeException {
    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
