package io.fraudstream.ingest.generator;

import java.util.List;

/**
 * A place where cards live and merchants trade. Fixed UTC offsets (no daylight saving) keep the stream simple
 * and deterministic.
 *
 * @param name       city name
 * @param country    ISO 3166-1 alpha-2
 * @param currency   ISO 4217 (all two-decimal currencies)
 * @param latitude   degrees
 * @param longitude  degrees
 * @param utcOffset  hours
 * @param homeWeight relative share of cardholders living there (0: only a destination, e.g. of fraud)
 */
record City(
        String name,
        String country,
        String currency,
        double latitude,
        double longitude,
        int utcOffset,
        double homeWeight) {

    /** The cities of the synthetic world. */
    static final List<City> ALL = List.of(
            new City("London", "GB", "GBP", 51.507, -0.128, 0, 10),
            new City("Manchester", "GB", "GBP", 53.480, -2.242, 0, 4),
            new City("Paris", "FR", "EUR", 48.857, 2.352, 1, 9),
            new City("Lyon", "FR", "EUR", 45.764, 4.836, 1, 3),
            new City("Berlin", "DE", "EUR", 52.520, 13.405, 1, 8),
            new City("Munich", "DE", "EUR", 48.137, 11.575, 1, 4),
            new City("Madrid", "ES", "EUR", 40.417, -3.704, 1, 6),
            new City("Barcelona", "ES", "EUR", 41.385, 2.173, 1, 4),
            new City("Rome", "IT", "EUR", 41.903, 12.496, 1, 5),
            new City("Milan", "IT", "EUR", 45.464, 9.190, 1, 4),
            new City("Amsterdam", "NL", "EUR", 52.370, 4.895, 1, 4),
            new City("Brussels", "BE", "EUR", 50.850, 4.352, 1, 3),
            new City("Vienna", "AT", "EUR", 48.208, 16.373, 1, 3),
            new City("Dublin", "IE", "EUR", 53.350, -6.260, 0, 3),
            new City("Lisbon", "PT", "EUR", 38.722, -9.139, 0, 3),
            new City("Warsaw", "PL", "PLN", 52.230, 21.012, 1, 4),
            new City("Stockholm", "SE", "SEK", 59.329, 18.069, 1, 3),
            new City("Zurich", "CH", "CHF", 47.377, 8.541, 1, 3),
            new City("New York", "US", "USD", 40.713, -74.006, -5, 6),
            new City("Chicago", "US", "USD", 41.878, -87.630, -6, 3),
            new City("Los Angeles", "US", "USD", 34.052, -118.244, -8, 4),
            new City("Toronto", "CA", "CAD", 43.653, -79.383, -5, 3),
            new City("Singapore", "SG", "SGD", 1.352, 103.820, 8, 0),
            new City("Dubai", "AE", "AED", 25.205, 55.271, 4, 0),
            new City("Bangkok", "TH", "THB", 13.756, 100.502, 7, 0),
            new City("Lagos", "NG", "NGN", 6.524, 3.379, 1, 0),
            new City("Sao Paulo", "BR", "BRL", -23.551, -46.633, -3, 0));

    /** Great-circle distance in kilometres. */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }

    double distanceKm(City other) {
        return distanceKm(latitude, longitude, other.latitude, other.longitude);
    }
}
