package io.fraudstream.features.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of one card in the card state store, a store ordered by unsigned byte keys (RocksDB or the in-memory store):
 * one entry per retained event and one {@link CardSummary} per card, so that a transaction writes two small entries
 * whatever the card's activity, and the card's events in an event-time range are one range scan.
 *
 * <pre>
 * summary: 0x00 | card token (UTF-8)                                              → {@link CardSummary#encode()}
 * event:   0x01 | length of the token (varint) | token | time (8 bytes) [| tie (4 bytes)] → {@link CardEvent#encodeValue()}
 * </pre>
 *
 * <p>The time is big-endian with the sign bit flipped, so that byte order is numeric order. The tie orders the card's
 * events with the same event time by arrival, as {@link CardHistory} does: the first one has no tie bytes, the k-th
 * the tie k, so key order is (event time, arrival). The length prefix makes one card's event keys never share the
 * prefix of another card's. {@link #legacy()} is the key of the format before this one (the token as a string, the
 * whole {@link CardHistory} as the value).
 */
public final class CardKeys {

    /** First byte of every summary key. */
    public static final byte SUMMARY = 0;
    /** First byte of every event key. */
    public static final byte EVENT = 1;

    private static final int TIME_BYTES = 8;
    private static final int TIE_BYTES = 4;

    private final String card;
    private final byte[] token;
    private final byte[] eventPrefix;

    private CardKeys(String card) {
        this.card = card;
        this.token = card.getBytes(StandardCharsets.UTF_8);
        ByteWriter w = new ByteWriter(token.length + 6);
        w.writeByte(EVENT);
        w.writeVarLong(token.length);
        byte[] head = w.toByteArray();
        this.eventPrefix = Arrays.copyOf(head, head.length + token.length);
        System.arraycopy(token, 0, eventPrefix, head.length, token.length);
    }

    /** The keys of card {@code card} (its token). */
    public static CardKeys of(String card) {
        return new CardKeys(card);
    }

    /** The prefix shared by every summary key (and by no event key). */
    public static byte[] summaryPrefix() {
        return new byte[] {SUMMARY};
    }

    /** The card token of a summary key. */
    public static String cardOfSummary(byte[] summaryKey) {
        if (summaryKey.length == 0 || summaryKey[0] != SUMMARY) {
            throw new IllegalArgumentException("not a card summary key");
        }
        return new String(summaryKey, 1, summaryKey.length - 1, StandardCharsets.UTF_8);
    }

    /** The card token. */
    public String card() {
        return card;
    }

    /** The key of the card's summary. */
    public byte[] summary() {
        byte[] k = new byte[1 + token.length];
        k[0] = SUMMARY;
        System.arraycopy(token, 0, k, 1, token.length);
        return k;
    }

    /**
     * The key of the card's whole history in the previous format (the token, UTF-8). Only for a token that cannot be
     * mistaken for a key of this format ({@link #hasLegacyKey()}).
     */
    public byte[] legacy() {
        if (!hasLegacyKey()) {
            throw new IllegalStateException("card " + card + " has no key of the previous format");
        }
        return token.clone();
    }

    /** Whether the token's key in the previous format differs from every key of this format: it starts above {@link #EVENT}. */
    public boolean hasLegacyKey() {
        return token.length > 0 && (token[0] & 0xff) > EVENT;
    }

    /** The smallest key of the previous format (as far as {@link #hasLegacyKey()} goes). */
    public static byte[] legacyFrom() {
        return new byte[] {EVENT + 1};
    }

    /** A key above every key of the previous format (UTF-8 has no byte 0xFF). */
    public static byte[] legacyTo() {
        return new byte[] {(byte) 0xFF};
    }

    /** The key of the card's event at {@code time} with tie {@code tie} (0: the first event at that time). */
    public byte[] event(long time, int tie) {
        if (tie < 0) {
            throw new IllegalArgumentException("tie " + tie);
        }
        byte[] k = Arrays.copyOf(eventPrefix, eventPrefix.length + TIME_BYTES + (tie == 0 ? 0 : TIE_BYTES));
        putLong(k, eventPrefix.length, time ^ Long.MIN_VALUE);
        if (tie != 0) {
            putInt(k, eventPrefix.length + TIME_BYTES, tie);
        }
        return k;
    }

    /** The smallest possible key of the card's events at {@code time}: the lower bound of a range from {@code time}. */
    public byte[] from(long time) {
        return event(time, 0);
    }

    /** The largest possible key of the card's events at {@code time}: the (inclusive) upper bound of a range to {@code time}. */
    public byte[] to(long time) {
        byte[] k = Arrays.copyOf(eventPrefix, eventPrefix.length + TIME_BYTES + TIE_BYTES);
        putLong(k, eventPrefix.length, time ^ Long.MIN_VALUE);
        Arrays.fill(k, eventPrefix.length + TIME_BYTES, k.length, (byte) 0xFF);
        return k;
    }

    /** The event time of one of the card's event keys. */
    public long time(byte[] eventKey) {
        check(eventKey);
        long v = 0;
        for (int i = 0; i < TIME_BYTES; i++) {
            v = (v << 8) | (eventKey[eventPrefix.length + i] & 0xff);
        }
        return v ^ Long.MIN_VALUE;
    }

    /** The tie of one of the card's event keys. */
    public int tie(byte[] eventKey) {
        check(eventKey);
        if (eventKey.length == eventPrefix.length + TIME_BYTES) {
            return 0;
        }
        int v = 0;
        for (int i = 0; i < TIE_BYTES; i++) {
            v = (v << 8) | (eventKey[eventPrefix.length + TIME_BYTES + i] & 0xff);
        }
        return v;
    }

    private void check(byte[] key) {
        int n = key.length - eventPrefix.length;
        if ((n != TIME_BYTES && n != TIME_BYTES + TIE_BYTES)
                || !Arrays.equals(key, 0, eventPrefix.length, eventPrefix, 0, eventPrefix.length)) {
            throw new IllegalArgumentException("not an event key of card " + card);
        }
    }

    private static void putLong(byte[] k, int at, long v) {
        for (int i = 0; i < TIME_BYTES; i++) {
            k[at + i] = (byte) (v >>> (8 * (TIME_BYTES - 1 - i)));
        }
    }

    private static void putInt(byte[] k, int at, int v) {
        for (int i = 0; i < TIE_BYTES; i++) {
            k[at + i] = (byte) (v >>> (8 * (TIE_BYTES - 1 - i)));
        }
    }
}
