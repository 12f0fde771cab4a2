package io.fraudstream.features.state;

/**
 * What the card state keeps per card besides its events (see {@link CardKeys}): enough to flag out-of-order
 * transactions, evict and cap without reading the events, and to find idle cards without reading them.
 *
 * @param count   retained events
 * @param maxTime the latest retained event time
 * @param minTime no retained event is older: the earliest retained event time or less (eviction does not read the
 *                event after the ones it deletes, so it records the eviction bound instead)
 */
public record CardSummary(int count, long maxTime, long minTime) {

    private static final int FORMAT = 1;

    public CardSummary {
        if (count < 1 || minTime > maxTime) {
            throw new IllegalArgumentException("a card summary needs at least one event and minTime <= maxTime");
        }
    }

    /** The compact binary form stored in the card state store (about 12 bytes). */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(24);
        w.writeByte(FORMAT);
        w.writeVarLong(count);
        w.writeVarLong(maxTime);
        w.writeVarLong(maxTime - minTime);
        return w.toByteArray();
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a card summary of a known format
     */
    public static CardSummary decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown card summary format " + format);
        }
        int count = Math.toIntExact(r.readVarLong());
        long max = r.readVarLong();
        long min = max - r.readVarLong();
        if (!r.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after card summary");
        }
        return new CardSummary(count, max, min);
    }
}
