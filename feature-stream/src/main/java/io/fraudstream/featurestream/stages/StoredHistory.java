package io.fraudstream.featurestream.stages;

import io.fraudstream.features.state.MerchantHistory;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How the merchant stage stores a {@link MerchantHistory} in {@value FeatureNames#MERCHANT_STORE} and
 * {@value FeatureNames#TERMINAL_STORE}: the byte {@code 'N'}, the history's {@link MerchantHistory#newestEventTime()}
 * (8 bytes, big-endian), then {@link MerchantHistory#encode()}, which is what {@code features.merchant-state}
 * publishes ({@link #published}). The purge reads the newest event time at its fixed offset instead of decoding every
 * history on each tick.
 *
 * <p>A value stored by an earlier version is the encoding alone (it starts with the encoding's format byte, never
 * {@code 'N'}): it is decoded whole, and stored in this form when its history next changes.
 */
final class StoredHistory {

    private static final byte WITH_NEWEST = 'N';
    private static final int HEADER = 1 + Long.BYTES;

    private StoredHistory() {}

    /** The stored form of {@code history}. */
    static byte[] encode(MerchantHistory history) {
        byte[] encoded = history.encode();
        return ByteBuffer.allocate(HEADER + encoded.length)
                .put(WITH_NEWEST)
                .putLong(history.newestEventTime())
                .put(encoded)
                .array();
    }

    /** The history stored as {@code stored}. */
    static MerchantHistory decode(byte[] stored) {
        return MerchantHistory.decode(published(stored));
    }

    /** {@link MerchantHistory#newestEventTime()} of the history stored as {@code stored}. */
    static long newestEventTime(byte[] stored) {
        return hasHeader(stored)
                ? ByteBuffer.wrap(stored, 1, Long.BYTES).getLong()
                : MerchantHistory.decode(stored).newestEventTime();
    }

    /** The history's encoding, as {@code features.merchant-state} publishes it; null for null (a deleted history). */
    static byte[] published(byte[] stored) {
        return stored != null && hasHeader(stored) ? Arrays.copyOfRange(stored, HEADER, stored.length) : stored;
    }

    private static boolean hasHeader(byte[] stored) {
        return stored.length >= HEADER && stored[0] == WITH_NEWEST;
    }
}
