package io.fraudstream.ingest.generator;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.card.ProtectedCard;
import io.fraudstream.schemas.avro.CardProfile;
import io.fraudstream.schemas.avro.CardType;
import io.fraudstream.schemas.avro.MerchantProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The synthetic world: merchants (category, location, popularity, terminals) and cards (home city, activity,
 * spending scale, online share, habitual merchants, device), drawn from the seed.
 *
 * <p>Card numbers: each card gets a synthetic, Luhn-valid 16-digit PAN (a BIN from {@link #BINS}, nine seeded
 * digits, a check digit) which is immediately tokenized with the {@link CardTokenizer}; only the token, BIN and
 * last 4 are kept, exactly as for a real card arriving over HTTP or replay, so generated cards and tokens line up
 * with the rest of the system (same secret, same token).
 */
public final class Population {
    /** Issuer BINs of the synthetic cards (test ranges of the major schemes). */
    static final List<String> BINS =
            List.of("400012", "431940", "455673", "476173", "516732", "535110", "222300", "542418");

    final List<Merchant> merchants;
    final List<Merchant> inPerson;
    final List<Merchant> online;
    final List<Card> cards;
    /** Per city: in-person merchants there and their cumulative popularity. */
    final List<List<Merchant>> merchantsByCity;

    final List<double[]> popularityByCity;
    final double[] onlinePopularity;
    /** Per home city: its cards and their cumulative activity. */
    final List<List<Card>> cardsByCity;

    final List<double[]> activityByCity;
    private final Instant asOf;

    private Population(List<Merchant> merchants, List<Card> cards, Instant asOf) {
        this.merchants = merchants;
        this.inPerson = merchants.stream().filter(m -> m.city != null).toList();
        this.online = merchants.stream().filter(m -> m.city == null).toList();
        this.cards = cards;
        this.asOf = asOf;
        this.merchantsByCity = new ArrayList<>();
        this.popularityByCity = new ArrayList<>();
        this.cardsByCity = new ArrayList<>();
        this.activityByCity = new ArrayList<>();
        for (City c : City.ALL) {
            List<Merchant> here = inPerson.stream().filter(m -> m.city == c).toList();
            merchantsByCity.add(here);
            popularityByCity.add(
                    Rng.cumulative(here.stream().mapToDouble(m -> m.popularity).toArray()));
            List<Card> homes = cards.stream().filter(k -> k.home == c).toList();
            cardsByCity.add(homes);
            activityByCity.add(
                    Rng.cumulative(homes.stream().mapToDouble(k -> k.activity).toArray()));
        }
        this.onlinePopularity =
                Rng.cumulative(online.stream().mapToDouble(m -> m.popularity).toArray());
    }

    /** Draws the population of {@code settings} with {@code rng}; card numbers tokenized with {@code tokenizer}. */
    static Population create(GeneratorSettings settings, CardTokenizer tokenizer, Rng rng) {
        List<Merchant> merchants = createMerchants(settings, rng);
        List<Merchant> inPerson = merchants.stream().filter(m -> m.city != null).toList();
        List<Merchant> online = merchants.stream().filter(m -> m.city == null).toList();
        double[] homeWeights = City.ALL.stream().mapToDouble(City::homeWeight).toArray();
        double[] homeCum = Rng.cumulative(homeWeights);
        List<Card> cards = new ArrayList<>(settings.cards());
        for (int i = 0; i < settings.cards(); i++) {
            cards.add(createCard(i, settings, tokenizer, rng, City.ALL.get(rng.weighted(homeCum)), inPerson, online));
        }
        return new Population(List.copyOf(merchants), List.copyOf(cards), settings.start());
    }

    private static List<Merchant> createMerchants(GeneratorSettings settings, Rng rng) {
        Category[] cats = Category.values();
        double[] inPersonCum = Rng.cumulative(
                Arrays.stream(cats).mapToDouble(c -> c.inPerson ? c.share : 0).toArray());
        double[] onlineCum = Rng.cumulative(
                Arrays.stream(cats).mapToDouble(c -> c.online ? c.share : 0).toArray());
        double[] cityCum = Rng.cumulative(City.ALL.stream()
                .mapToDouble(c -> Math.max(c.homeWeight(), 0.5))
                .toArray());
        List<Merchant> out = new ArrayList<>(settings.merchants());
        // every city gets at least a handful of in-person merchants so that travel and fraud can happen anywhere
        int guaranteed = Math.min(5, Math.max(1, settings.merchants() / (4 * City.ALL.size())));
        for (int i = 0; i < settings.merchants(); i++) {
            String id = String.format("m%05d", i);
            boolean isOnline = i >= guaranteed * City.ALL.size() && rng.chance(0.25);
            if (isOnline) {
                Category c = cats[rng.weighted(onlineCum)];
                City registered = City.ALL.get(rng.weighted(cityCum));
                out.add(new Merchant(
                        id,
                        c,
                        null,
                        registered.country(),
                        registered.currency(),
                        Double.NaN,
                        Double.NaN,
                        rng.logNormal(1, 1.2),
                        1));
            } else {
                City city = i < guaranteed * City.ALL.size()
                        ? City.ALL.get(i % City.ALL.size())
                        : City.ALL.get(rng.weighted(cityCum));
                Category c = cats[rng.weighted(inPersonCum)];
                double lat = roundDegrees(city.latitude() + rng.gaussian() * 0.05);
                double lon = roundDegrees(city.longitude() + rng.gaussian() * 0.07);
                out.add(new Merchant(
                        id,
                        c,
                        city,
                        city.country(),
                        city.currency(),
                        lat,
                        lon,
                        rng.logNormal(1, 1.0),
                        rng.between(1, c == Category.GROCERY || c == Category.FUEL ? 6 : 3)));
            }
        }
        return out;
    }

    private static Card createCard(
            int index,
            GeneratorSettings settings,
            CardTokenizer tokenizer,
            Rng rng,
            City home,
            List<Merchant> inPerson,
            List<Merchant> online) {
        ProtectedCard pc = tokenizer.protect(syntheticPan(rng));
        double activity = settings.txPerCardPerDay() * Math.exp(0.6 * rng.gaussian() - 0.18); // mean ≈ txPerCardPerDay
        double spend = rng.logNormal(1, 0.45);
        double onlineShare = rng.uniform(0.05, 0.4);
        List<Merchant> local = inPerson.stream().filter(m -> m.city == home).toList();
        double[] localCum =
                Rng.cumulative(local.stream().mapToDouble(m -> m.popularity).toArray());
        int habitualCount = Math.min(local.size(), rng.between(4, 12));
        List<Merchant> habitual = new ArrayList<>();
        for (int i = 0; i < habitualCount * 3 && habitual.size() < habitualCount; i++) {
            Merchant m = local.get(rng.weighted(localCum));
            if (!habitual.contains(m)) {
                habitual.add(m);
            }
        }
        double[] onlineCum = Rng.cumulative(online.stream()
                .mapToDouble(m -> m.category.cashOut() ? m.popularity * 0.2 : m.popularity)
                .toArray());
        List<Merchant> habitualOnline = new ArrayList<>();
        int onlineCount = Math.min(online.size(), rng.between(2, 6));
        for (int i = 0; i < onlineCount * 3 && habitualOnline.size() < onlineCount; i++) {
            Merchant m = online.get(rng.weighted(onlineCum));
            if (!habitualOnline.contains(m)) {
                habitualOnline.add(m);
            }
        }
        double r = rng.uniform();
        CardType type = r < 0.6 ? CardType.DEBIT : r < 0.95 ? CardType.CREDIT : CardType.PREPAID;
        Instant issued = settings.start().minus(Duration.ofDays(rng.between(30, 1500)));
        double lat = home.latitude() + rng.gaussian() * 0.05;
        double lon = home.longitude() + rng.gaussian() * 0.07;
        String ip = ipFor(home, rng);
        return new Card(
                index,
                pc.token(),
                pc.bin(),
                pc.last4(),
                home,
                lat,
                lon,
                activity,
                spend,
                onlineShare,
                List.copyOf(habitual),
                List.copyOf(habitualOnline),
                type,
                issued,
                "dev-" + rng.hex(12),
                ip);
    }

    /**
     * Coordinates to 5 decimals (about 1 m): realistic, and a full-precision double's 16 digits could look like a
     * card number to a leak detector.
     */
    static double roundDegrees(double deg) {
        return Math.round(deg * 100_000) / 100_000.0;
    }

    /** A Luhn-valid 16-digit number on a synthetic BIN; it exists only until tokenized. */
    static String syntheticPan(Rng rng) {
        StringBuilder sb = new StringBuilder(16).append(BINS.get(rng.nextInt(BINS.size())));
        while (sb.length() < 15) {
            sb.append((char) ('0' + rng.nextInt(10)));
        }
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            int d = sb.charAt(14 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sb.append((char) ('0' + (10 - sum % 10) % 10)).toString();
    }

    /** An IPv4 address from a block that stands for the country (not real allocations). */
    static String ipFor(City city, Rng rng) {
        int block = 11 + Math.floorMod(city.country().hashCode(), 180);
        return block + "." + rng.nextInt(256) + "." + rng.nextInt(256) + "." + (1 + rng.nextInt(254));
    }

    /** Merchant profiles for reference.merchants, updated at the stream start. */
    public List<MerchantProfile> merchantProfiles() {
        return merchants.stream()
                .map(m -> MerchantProfile.newBuilder()
                        .setMerchantId(m.id)
                        .setName(m.category
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', ' ') + " " + m.id)
                        .setMerchantCategoryCode(m.category.mcc)
                        .setCountry(m.country)
                        .setLatitude(m.city == null ? null : m.latitude)
                        .setLongitude(m.city == null ? null : m.longitude)
                        .setRiskTier(m.category.risk)
                        .setUpdatedAt(asOf)
                        .build())
                .toList();
    }

    /** Card profiles for reference.cards, updated at the stream start. */
    public List<CardProfile> cardProfiles() {
        return cards.stream()
                .map(c -> CardProfile.newBuilder()
                        .setCardToken(c.token)
                        .setHomeCountry(c.home.country())
                        .setHomeLatitude(round(c.homeLatitude))
                        .setHomeLongitude(round(c.homeLongitude))
                        .setIssuedAt(c.issuedAt)
                        .setCardType(c.type)
                        .setUpdatedAt(asOf)
                        .build())
                .toList();
    }

    private static double round(double deg) {
        return Math.round(deg * 100) / 100.0;
    }

    /** Number of cards. */
    public int cardCount() {
        return cards.size();
    }

    /** Number of merchants. */
    public int merchantCount() {
        return merchants.size();
    }

    /** A merchant; mutable compromise of one of its terminals (the generator's state). */
    static final class Merchant {
        final String id;
        final Category category;
        final City city; // null: online only
        final String country;
        final String currency;
        final double latitude;
        final double longitude;
        final double popularity;
        final int terminals;
        /** The skimmed terminal (1..terminals) during [compromisedFrom, compromisedUntil). */
        int compromisedTerminal;

        long compromisedFrom = Long.MIN_VALUE;
        long compromisedUntil = Long.MIN_VALUE;
        /** Where the ring that skims the terminal uses the cards it copies. */
        CashOut cashOut;

        Merchant(
                String id,
                Category category,
                City city,
                String country,
                String currency,
                double latitude,
                double longitude,
                double popularity,
                int terminals) {
            this.id = id;
            this.category = category;
            this.city = city;
            this.country = country;
            this.currency = currency;
            this.latitude = latitude;
            this.longitude = longitude;
            this.popularity = popularity;
            this.terminals = terminals;
        }

        /** Terminal {@code terminal} is skimmed from {@code from} (inclusive) to {@code until} (exclusive). */
        void compromise(int terminal, long from, long until, CashOut ring) {
            if (terminal < 1 || terminal > terminals) {
                throw new IllegalArgumentException("terminal " + terminal + " of " + id + " (1.." + terminals + ")");
            }
            compromisedTerminal = terminal;
            compromisedFrom = from;
            compromisedUntil = until;
            cashOut = ring;
        }

        /** True if a payment at {@code millis} on terminal {@code terminal} (1..terminals) is skimmed. */
        boolean compromisedAt(int terminal, long millis) {
            return terminal == compromisedTerminal && millis >= compromisedFrom && millis < compromisedUntil;
        }

        /** The id of terminal {@code terminal} (1..terminals), as in {@code Transaction.terminalId}. */
        String terminalId(int terminal) {
            return id + "-T" + terminal;
        }
    }

    /** Terminal {@code number} (1..terminals) of an in-person merchant. */
    record Terminal(Merchant merchant, int number) {}

    /**
     * A fraud ring's cash-out points, where it uses the cards it copies at one compromised terminal: a few terminals
     * in one city (counterfeit cards swiped there) and a few online shops (the card details used with its device).
     */
    record CashOut(City city, List<Terminal> terminals, List<Merchant> online, String deviceId) {}

    /** A card; mutable travel state (the generator's state). */
    static final class Card {
        final int index;
        final String token;
        final String bin;
        final String last4;
        final City home;
        final double homeLatitude;
        final double homeLongitude;
        final double activity;
        final double spendScale;
        final double onlineShare;
        final List<Merchant> habitual;
        final List<Merchant> habitualOnline;
        final CardType type;
        final Instant issuedAt;
        final String deviceId;
        final String ipAddress;
        City travelCity;
        long travelUntil = Long.MIN_VALUE;

        Card(
                int index,
                String token,
                String bin,
                String last4,
                City home,
                double homeLatitude,
                double homeLongitude,
                double activity,
                double spendScale,
                double onlineShare,
                List<Merchant> habitual,
                List<Merchant> habitualOnline,
                CardType type,
                Instant issuedAt,
                String deviceId,
                String ipAddress) {
            this.index = index;
            this.token = token;
            this.bin = bin;
            this.last4 = last4;
            this.home = home;
            this.homeLatitude = homeLatitude;
            this.homeLongitude = homeLongitude;
            this.activity = activity;
            this.spendScale = spendScale;
            this.onlineShare = onlineShare;
            this.habitual = habitual;
            this.habitualOnline = habitualOnline;
            this.type = type;
            this.issuedAt = issuedAt;
            this.deviceId = deviceId;
            this.ipAddress = ipAddress;
        }

        City cityAt(long millis) {
            return millis < travelUntil ? travelCity : home;
        }
    }
}
