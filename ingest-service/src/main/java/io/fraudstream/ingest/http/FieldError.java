package io.fraudstream.ingest.http;

/**
 * One reason a request was rejected.
 *
 * @param field   JSON path of the field, e.g. {@code amountMinor} or {@code transactions[3].currency}
 * @param message why; never contains the submitted value
 */
public record FieldError(String field, String message) {}
