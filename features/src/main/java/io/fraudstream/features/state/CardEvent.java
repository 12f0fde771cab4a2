package io.fraudstream.features.state;

/**
 * One transaction as the card state remembers it.
 *
 * @param time         event time, epoch milliseconds
 * @param amount       amount in minor units of the base currency, clipped at the outlier cap
 * @param merchantHash {@link Hash64} of the merchant id
 * @param txHash       {@link Hash64} of the transaction id (for de-duplication)
 * @param latE6        latitude in microdegrees, or {@link Geo#NO_LOCATION}
 * @param lonE6        longitude in microdegrees, or {@link Geo#NO_LOCATION}
 */
public record CardEvent(long time, long amount, long merchantHash, long txHash, int latE6, int lonE6) {

    private static final int LOCATED = 1;

    /** Whether the event has a location. */
    public boolean located() {
        return latE6 != Geo.NO_LOCATION;
    }

    /** An event from ids and degrees; an invalid or missing position gives an unlocated event. */
    public static CardEvent of(
            long time, long amount, String merchantId, String transactionId, Double lat, Double lon) {
        boolean located = Geo.valid(lat, lon);
        return new CardEvent(
                time,
                amount,
                Hash64.of(merchantId),
                Hash64.of(transactionId),
                located ? Geo.micro(lat) : Geo.NO_LOCATION,
                located ? Geo.micro(lon) : Geo.NO_LOCATION);
    }

    /**
     * The event without its time (the time is in its {@link CardKeys#event key}), as stored in the card state store:
     * a flags byte (bit 0: located; other bits 0), the amount (varint), the merchant and transaction hashes (8 bytes
     * each), then latitude and longitude (varints) when located. About 20 bytes, 28 when located.
     */
    public byte[] encodeValue() {
        ByteWriter w = new ByteWriter(32);
        w.writeByte(located() ? LOCATED : 0);
        w.writeVarLong(amount);
        w.writeLong(merchantHash);
        w.writeLong(txHash);
        if (located()) {
            w.writeVarLong(latE6);
            w.writeVarLong(lonE6);
        }
        return w.toByteArray();
    }

    /**
     * Reads what {@link #encodeValue()} wrote, with the event time {@code time} from the key.
     *
     * @throws IllegalArgumentException if the bytes are not a card event of a known format
     */
    public static CardEvent decodeValue(long time, byte[] value) {
        ByteReader r = new ByteReader(value);
        int flags = r.readByte();
        if ((flags & ~LOCATED) != 0) {
            throw new IllegalArgumentException("unknown card event format (flags " + flags + ")");
        }
        long amount = r.readVarLong();
        long merchant = r.readLong();
        long tx = r.readLong();
        int lat = Geo.NO_LOCATION;
        int lon = Geo.NO_LOCATION;
        if (flags == LOCATED) {
            lat = Math.toIntExact(r.readVarLong());
            lon = Math.toIntExact(r.readVarLong());
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after card event");
        }
        return new CardEvent(time, amount, merchant, tx, lat, lon);
    }
}
