package io.fraudstream.features.state;

/** Locations as integer microdegrees (about 0.1 m), and great-circle distances between them. */
public final class Geo {

    /** Marks "no location" in a microdegree field. */
    public static final int NO_LOCATION = Integer.MIN_VALUE;
    /** Mean Earth radius used for distances, km. */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    private Geo() {}

    /** Whether {@code lat}/{@code lon} form a valid WGS84 position (both non-null, finite, in range). */
    public static boolean valid(Double lat, Double lon) {
        return lat != null
                && lon != null
                && Double.isFinite(lat)
                && Double.isFinite(lon)
                && lat >= -90
                && lat <= 90
                && lon >= -180
                && lon <= 180;
    }

    /** Degrees to microdegrees, rounded half up. */
    public static int micro(double degrees) {
        return (int) Math.round(degrees * 1e6);
    }

    /** Haversine distance in km between two positions given in microdegrees. */
    public static double distanceKm(int lat1, int lon1, int lat2, int lon2) {
        double p1 = Math.toRadians(lat1 / 1e6);
        double p2 = Math.toRadians(lat2 / 1e6);
        double dp = p2 - p1;
        double dl = Math.toRadians((lon2 - lon1) / 1e6);
        double a =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
