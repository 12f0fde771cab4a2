package io.fraudstream.featurestream.cleaning;

/**
 * Why a record was rejected.
 *
 * @param kind   a short, stable category for metrics (such as {@code amount}, {@code currency})
 * @param reason the human-readable reason written to the dead letter
 */
public record Rejection(String kind, String reason) {}
