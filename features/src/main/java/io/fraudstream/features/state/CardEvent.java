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

    /** Whether the event has a location. */
    public boolean located() {
        return latE6 != Geo.NO_LOCATION;
    }

    /** An event from ids and degrees; an invalid or missing position gives an unlocated event. */
    public static CardEvent of(long time, long amount, String merchantId, String transactionId, Double lat, Double lon) {
        boolean located = Geo.valid(lat, lon);
        return new CardEvent(time, amount, Hash64.of(merchantId), Hash64.of(transactionId),
                located ? Geo.micro(lat) : Geo.NO_LOCATION, located ? Geo.micro(lon) : Geo.NO_LOCATION);
    }
}
