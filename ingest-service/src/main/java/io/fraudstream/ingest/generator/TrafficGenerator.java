package io.fraudstream.ingest.generator;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.generator.Population.Card;
import io.fraudstream.ingest.generator.Population.CashOut;
import io.fraudstream.ingest.generator.Population.Merchant;
import io.fraudstream.ingest.generator.Population.Terminal;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A deterministic, labelled stream of card payments: a pure iterator of {@link GeneratedEvent}s (transactions and
 * their late labels) in event-time order, separate from any publishing. Same settings and card-token secret → the
 * same events, record for record.
 *
 * <p>How it works: event time advances hour by hour. In each hour and home city, the number of legitimate payments
 * is Poisson with mean = the cards' activity × the local hour-of-day weight × the day-of-week weight, and each
 * payment goes to a card in proportion to its activity, at a uniform time within the hour. Trips, fraud incidents
 * and terminal compromises start as Poisson processes too; a fraud incident schedules its transactions (possibly
 * hours or days ahead) and each fraudulent transaction's label (after a delay drawn from
 * {@link GeneratorSettings#labelDelays()}) into a priority queue ordered by (time, creation order). Events are
 * released once no later hour can produce an earlier event. Only events before {@link GeneratorSettings#end()} are
 * emitted: fraud whose label would arrive after the end stays unlabelled, as recent fraud is in reality (label times
 * are never shortened to fit a stream). {@code ingestTime} is left null (determinism).
 *
 * <p>Not thread-safe; one instance per stream.
 */
public final class TrafficGenerator implements Iterator<GeneratedEvent> {
    /** Transaction.source of generated transactions. */
    public static final String SOURCE = "generator";

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Relative activity by local hour of day (mean 1): quiet nights, lunch and early-evening peaks. */
    private static final double[] HOUR_WEIGHTS = normalize(new double[] {
        0.25, 0.15, 0.10, 0.08, 0.08, 0.15, 0.40, 0.80, 1.20, 1.30, 1.40, 1.60,
        1.90, 1.80, 1.40, 1.30, 1.45, 1.75, 1.90, 1.70, 1.30, 0.95, 0.65, 0.40
    });
    /** Relative activity by day of week, Monday first. */
    private static final double[] DAY_WEIGHTS = {0.95, 0.95, 1.0, 1.0, 1.10, 1.20, 0.80};

    private static final List<Category> BIG_TICKET =
            List.of(Category.ELECTRONICS, Category.JEWELRY, Category.AIRLINE, Category.HOTEL);
    /** Where a skimming ring swipes its counterfeit cards: cash, and goods that resell. */
    private static final List<Category> COUNTERFEIT_CASH_OUT =
            List.of(Category.ATM, Category.ELECTRONICS, Category.JEWELRY);
    /** Share of a skimmed card's fraudulent payments made in person with a counterfeit card (the rest online). */
    private static final double COUNTERFEIT_SHARE = 0.8;

    private final GeneratorSettings settings;
    private final Population population;
    private final Rng rng;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>();
    private final String idPrefix;
    private final long end;
    private long generatedUntil;
    private long seq;
    private long transactionCounter;

    private TrafficGenerator(GeneratorSettings settings, CardTokenizer tokenizer) {
        this.settings = settings;
        this.rng = new Rng(settings.seed());
        this.population = Population.create(settings, tokenizer, new Rng(settings.seed() ^ 0x5DEECE66DL));
        // the start is part of the id: a stream that continues another (same seed, later start) must not reuse its ids
        this.idPrefix = "gen-" + Long.toHexString(settings.seed()) + "-"
                + Long.toString(settings.start().getEpochSecond(), 36) + "-";
        this.generatedUntil = settings.start().toEpochMilli();
        this.end = settings.end().toEpochMilli();
    }

    /**
     * A generator; builds the population at once (card numbers tokenized with {@code tokenizer}).
     */
    public static TrafficGenerator create(GeneratorSettings settings, CardTokenizer tokenizer) {
        return new TrafficGenerator(settings, tokenizer);
    }

    /** The cards and merchants (for the reference topics). */
    public Population population() {
        return population;
    }

    /** The settings. */
    public GeneratorSettings settings() {
        return settings;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !queue.isEmpty() && queue.peek().time < end;
    }

    @Override
    public GeneratedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return queue.poll().event;
    }

    private void fill() {
        while (generatedUntil < end && (queue.isEmpty() || queue.peek().time >= generatedUntil)) {
            long from = generatedUntil;
            long to = Math.min(from + HOUR, end);
            generateHour(from, to);
            generatedUntil = to;
        }
    }

    // ---- one hour of event time ------------------------------------------------------------------------------

    private void generateHour(long from, long to) {
        double fraction = (to - from) / (double) HOUR;
        long middle = from + (to - from) / 2;
        for (int ci = 0; ci < City.ALL.size(); ci++) {
            List<Card> cards = population.cardsByCity.get(ci);
            if (cards.isEmpty()) {
                continue;
            }
            double[] cum = population.activityByCity.get(ci);
            double lambda =
                    cum[cum.length - 1] / 24.0 * rhythm(middle, City.ALL.get(ci).utcOffset()) * fraction;
            int n = rng.poisson(lambda);
            for (int i = 0; i < n; i++) {
                Card card = cards.get(rng.weighted(cum));
                legitimate(card, from + rng.nextLong(to - from));
            }
        }
        int cardCount = population.cards.size();
        int trips = rng.poisson(cardCount * settings.travelPerCardPerDay() / 24.0 * fraction);
        for (int i = 0; i < trips; i++) {
            startTrip(randomCard(), from + rng.nextLong(to - from));
        }
        for (Scenario s : Scenario.values()) {
            double perDay = settings.scenarioRates().get(s);
            double population = s == Scenario.COMPROMISED_MERCHANT ? this.population.inPerson.size() : cardCount;
            int incidents = rng.poisson(population * perDay / 24.0 * fraction);
            for (int i = 0; i < incidents; i++) {
                long t = from + rng.nextLong(to - from);
                switch (s) {
                    case CARD_TESTING -> cardTesting(randomCard(), t);
                    case ACCOUNT_TAKEOVER -> accountTakeover(randomCard(), t);
                    case COMPROMISED_MERCHANT -> compromiseMerchant(t);
                    case IMPOSSIBLE_TRAVEL -> impossibleTravel(randomCard(), t);
                    case LARGE_AMOUNT -> largeAmount(randomCard(), t);
                }
            }
        }
    }

    /** Hour-of-day × day-of-week weight at {@code millis} in a city with {@code utcOffset}. */
    static double rhythm(long millis, int utcOffset) {
        long local = millis + utcOffset * HOUR;
        int hour = (int) Math.floorMod(local / HOUR, 24L);
        int dow = (int) Math.floorMod(Math.floorDiv(local, DAY) + 3, 7L); // 1970-01-01 was a Thursday
        return HOUR_WEIGHTS[hour] * DAY_WEIGHTS[dow];
    }

    private Card randomCard() {
        return population.cards.get(rng.nextInt(population.cards.size()));
    }

    // ---- legitimate behaviour --------------------------------------------------------------------------------

    private void legitimate(Card card, long t) {
        City city = card.cityAt(t);
        boolean travelling = city != card.home;
        if (rng.chance(0.003)) {
            bigTicket(card, t, city);
            return;
        }
        if (rng.chance(card.onlineShare)) {
            Merchant m =
                    rng.chance(0.8) ? card.habitualOnline.get(rng.nextInt(card.habitualOnline.size())) : randomOnline();
            String device = rng.chance(0.97) ? card.deviceId : "dev-" + rng.hex(12);
            String ip = travelling ? Population.ipFor(city, rng) : card.ipAddress;
            emit(online(card, m, t, amount(m.category, card.spendScale), device, ip), null);
            return;
        }
        Merchant m = travelling || card.habitual.isEmpty() || rng.chance(0.2)
                ? randomInPerson(city)
                : card.habitual.get(rng.nextInt(card.habitual.size()));
        int terminal = anyTerminal(m);
        emit(inPerson(card, m, terminal, t, amount(m.category, card.spendScale), legitimateEntryMode(m)), null);
        if (m.compromisedAt(terminal, t) && rng.chance(settings.compromisedShare())) {
            compromisedCardFraud(card, t, m.cashOut);
        }
    }

    /** A legitimate purchase far above the card's usual spending (an analyst may clear it: LEGITIMATE label). */
    private void bigTicket(Card card, long t, City city) {
        Category c = BIG_TICKET.get(rng.nextInt(BIG_TICKET.size()));
        double amount = c.medianAmount * card.spendScale * rng.uniform(2, 6);
        Transaction tx;
        if (c.inPerson && rng.chance(0.5)) {
            Merchant m = randomInPerson(city, c);
            tx = inPerson(card, m, t, amount, EntryMode.CHIP);
        } else {
            tx = online(card, randomOnline(c), t, amount, card.deviceId, card.ipAddress);
        }
        emit(tx, null);
        if (rng.chance(settings.legitimateLabelShare())) {
            label(tx, t + rng.between(6, 72) * HOUR, Verdict.LEGITIMATE, null, "reviewed and cleared by an analyst");
        }
    }

    private void startTrip(Card card, long t) {
        if (card.cityAt(t) != card.home) {
            return;
        }
        City dest = City.ALL.get(rng.nextInt(City.ALL.size()));
        if (dest == card.home
                || population.merchantsByCity.get(City.ALL.indexOf(dest)).isEmpty()) {
            return;
        }
        card.travelCity = dest;
        card.travelUntil = t + rng.between(2, 7) * DAY;
    }

    // ---- fraud scenarios -------------------------------------------------------------------------------------

    /** Bursts of tiny online payments at merchants new to the card, minutes apart; sometimes a cash-out after. */
    private void cardTesting(Card card, long t0) {
        String device = "dev-" + rng.hex(12);
        String ip = Population.ipFor(City.ALL.get(rng.nextInt(City.ALL.size())), rng);
        int n = rng.between(3, 12);
        long t = t0;
        for (int i = 0; i < n; i++) {
            t += rng.between(10, 300) * 1000L;
            Category c = rng.chance(0.7) ? Category.DIGITAL_GOODS : Category.MARKETPLACE;
            fraud(online(card, randomOnline(c), t, rng.between(50, 499) / 100.0, device, ip), Scenario.CARD_TESTING);
        }
        if (rng.chance(0.5)) {
            int k = rng.between(1, 3);
            t += rng.between(1, 24) * HOUR;
            for (int i = 0; i < k; i++) {
                t += rng.between(2, 90) * MINUTE;
                Category c = rng.chance(0.5) ? Category.ELECTRONICS : Category.MONEY_TRANSFER;
                fraud(online(card, randomOnline(c), t, rng.logNormal(350, 0.5), device, ip), Scenario.CARD_TESTING);
            }
        }
    }

    /** Sudden change of location, device and merchant mix, larger amounts, over up to a day and a half. */
    private void accountTakeover(Card card, long t0) {
        City foreign = foreignCity(card.home);
        String device = "dev-" + rng.hex(12);
        String ip = Population.ipFor(foreign, rng);
        int n = rng.between(2, 6);
        long t = t0;
        for (int i = 0; i < n; i++) {
            t += rng.between(5, 480) * MINUTE;
            Category c = rng.chance(0.5)
                    ? Category.ELECTRONICS
                    : rng.chance(0.5) ? Category.JEWELRY : Category.MONEY_TRANSFER;
            double amount = 60 * card.spendScale * rng.uniform(3, 10);
            if (rng.chance(0.3) && c.inPerson) {
                // a mobile wallet provisioned on the fraudster's phone, used in person abroad
                fraud(
                        inPerson(card, randomInPerson(foreign, c), t, amount, EntryMode.CONTACTLESS),
                        Scenario.ACCOUNT_TAKEOVER);
            } else {
                fraud(online(card, randomOnline(c), t, amount, device, ip), Scenario.ACCOUNT_TAKEOVER);
            }
        }
    }

    /**
     * One terminal of a popular in-person merchant is skimmed for 1–3 days by a ring that will use the copied cards
     * at its own few cash-out points abroad; see {@link #legitimate} and {@link #compromisedCardFraud}. Cards paying
     * at the merchant's other terminals are not skimmed.
     */
    private void compromiseMerchant(long t) {
        Card card = randomCard();
        if (card.habitual.isEmpty()) {
            return;
        }
        Merchant m = card.habitual.get(rng.nextInt(card.habitual.size()));
        if (m.compromisedUntil > t) {
            return;
        }
        int terminal = anyTerminal(m);
        long until = t + rng.between(24, 72) * HOUR;
        m.compromise(terminal, t, until, cashOutRing(m.city));
    }

    /**
     * The cash-out points of a skimming ring: 1–2 terminals at ATM, electronics or jewellery merchants in one city in
     * another country than the skimmed terminal, and 1–2 online electronics or marketplace shops.
     */
    private CashOut cashOutRing(City skimmedIn) {
        City city = foreignCity(skimmedIn);
        List<Terminal> terminals = new ArrayList<>();
        for (int i = rng.between(1, 2); i > 0; i--) {
            Merchant m = randomInPerson(city, COUNTERFEIT_CASH_OUT.get(rng.nextInt(COUNTERFEIT_CASH_OUT.size())));
            terminals.add(new Terminal(m, anyTerminal(m)));
        }
        List<Merchant> online = new ArrayList<>();
        for (int i = rng.between(1, 2); i > 0; i--) {
            online.add(randomOnline(rng.chance(0.5) ? Category.ELECTRONICS : Category.MARKETPLACE));
        }
        return new CashOut(city, List.copyOf(terminals), List.copyOf(online), "dev-" + rng.hex(12));
    }

    /**
     * A card skimmed at a compromised terminal is used 1–10 days later by the ring that skimmed it, at the ring's
     * cash-out points only: mostly a counterfeit copy swiped at one of its terminals, otherwise online at one of its
     * shops from its device. So this fraud concentrates on a few terminals for a couple of weeks per compromise.
     */
    private void compromisedCardFraud(Card card, long skimmedAt, CashOut ring) {
        int n = rng.between(1, 4);
        long t = skimmedAt + rng.between(1, 10) * DAY + rng.nextLong(DAY);
        for (int i = 0; i < n; i++) {
            t += rng.between(10, 2880) * MINUTE;
            if (rng.chance(COUNTERFEIT_SHARE)) {
                Terminal at = ring.terminals().get(rng.nextInt(ring.terminals().size()));
                double amount = at.merchant().category == Category.ATM
                        ? Math.max(20, Math.round(rng.logNormal(200 * card.spendScale, 0.5) / 20.0) * 20.0)
                        : rng.logNormal(150 * card.spendScale, 0.7);
                fraud(
                        inPerson(card, at.merchant(), at.number(), t, amount, EntryMode.SWIPE),
                        Scenario.COMPROMISED_MERCHANT);
            } else {
                Merchant shop = ring.online().get(rng.nextInt(ring.online().size()));
                fraud(
                        online(
                                card,
                                shop,
                                t,
                                rng.logNormal(150 * card.spendScale, 0.7),
                                ring.deviceId(),
                                Population.ipFor(ring.city(), rng)),
                        Scenario.COMPROMISED_MERCHANT);
            }
        }
    }

    /** A genuine in-person payment, then a cloned card in person more than 1,500 km away minutes later. */
    private void impossibleTravel(Card card, long t0) {
        City here = card.cityAt(t0);
        Merchant genuine = here == card.home && !card.habitual.isEmpty()
                ? card.habitual.get(rng.nextInt(card.habitual.size()))
                : randomInPerson(here);
        emit(inPerson(card, genuine, t0, amount(genuine.category, card.spendScale), EntryMode.CHIP), null);
        City far;
        do {
            far = City.ALL.get(rng.nextInt(City.ALL.size()));
        } while (far.distanceKm(here) < 1500);
        long t = t0 + rng.between(2, 40) * MINUTE;
        int n = rng.between(1, 3);
        for (int i = 0; i < n; i++) {
            Merchant m = randomInPerson(far);
            fraud(
                    inPerson(card, m, t, rng.logNormal(120 * card.spendScale, 0.6), EntryMode.SWIPE),
                    Scenario.IMPOSSIBLE_TRAVEL);
            t += rng.between(5, 90) * MINUTE;
        }
    }

    /** One payment far above the card's usual spending at a big-ticket merchant. */
    private void largeAmount(Card card, long t) {
        Category c = BIG_TICKET.get(rng.nextInt(3));
        double amount = c.medianAmount * card.spendScale * rng.uniform(4, 15);
        if (c.inPerson && rng.chance(0.4)) {
            fraud(
                    inPerson(card, randomInPerson(card.cityAt(t), c), t, amount, EntryMode.MANUAL),
                    Scenario.LARGE_AMOUNT);
        } else {
            fraud(
                    online(card, randomOnline(c), t, amount, "dev-" + rng.hex(12), card.ipAddress),
                    Scenario.LARGE_AMOUNT);
        }
    }

    private City foreignCity(City home) {
        City c;
        do {
            c = City.ALL.get(rng.nextInt(City.ALL.size()));
        } while (c.country().equals(home.country())
                || population.merchantsByCity.get(City.ALL.indexOf(c)).isEmpty());
        return c;
    }

    // ---- building records -------------------------------------------------------------------------------------

    private Merchant randomOnline() {
        return population.online.get(rng.weighted(population.onlinePopularity));
    }

    private Merchant randomOnline(Category c) {
        for (int i = 0; i < 20; i++) {
            Merchant m = population.online.get(rng.nextInt(population.online.size()));
            if (m.category == c) {
                return m;
            }
        }
        return randomOnline();
    }

    private Merchant randomInPerson(City city) {
        int ci = City.ALL.indexOf(city);
        List<Merchant> here = population.merchantsByCity.get(ci);
        if (here.isEmpty()) {
            return population.inPerson.get(rng.nextInt(population.inPerson.size()));
        }
        return here.get(rng.weighted(population.popularityByCity.get(ci)));
    }

    private Merchant randomInPerson(City city, Category c) {
        List<Merchant> here = population.merchantsByCity.get(City.ALL.indexOf(city));
        for (int i = 0; i < 20 && !here.isEmpty(); i++) {
            Merchant m = here.get(rng.nextInt(here.size()));
            if (m.category == c) {
                return m;
            }
        }
        return randomInPerson(city);
    }

    private double amount(Category c, double spendScale) {
        if (c == Category.ATM) {
            return Math.max(20, Math.round(rng.logNormal(c.medianAmount * spendScale, c.sigma) / 20.0) * 20.0);
        }
        return rng.logNormal(c.medianAmount * spendScale, c.sigma);
    }

    private EntryMode legitimateEntryMode(Merchant m) {
        if (m.category == Category.ATM) {
            return EntryMode.CHIP;
        }
        double r = rng.uniform();
        return r < 0.52 ? EntryMode.CHIP : r < 0.96 ? EntryMode.CONTACTLESS : EntryMode.SWIPE;
    }

    /** A terminal of {@code m} (1..terminals), uniformly. */
    private int anyTerminal(Merchant m) {
        return 1 + rng.nextInt(m.terminals);
    }

    private Transaction inPerson(Card card, Merchant m, long t, double amountMajor, EntryMode entryMode) {
        return inPerson(card, m, anyTerminal(m), t, amountMajor, entryMode);
    }

    private Transaction inPerson(Card card, Merchant m, int terminal, long t, double amountMajor, EntryMode entryMode) {
        return new Transaction(
                nextId(),
                card.token,
                card.bin,
                card.last4,
                m.id,
                m.terminalId(terminal),
                m.category.mcc,
                m.country,
                minor(amountMajor),
                m.currency,
                Instant.ofEpochMilli(t),
                m.category == Category.ATM ? Channel.ATM : Channel.POS,
                entryMode,
                m.latitude,
                m.longitude,
                null,
                null,
                SOURCE,
                null);
    }

    private Transaction online(Card card, Merchant m, long t, double amountMajor, String device, String ip) {
        return new Transaction(
                nextId(),
                card.token,
                card.bin,
                card.last4,
                m.id,
                null,
                m.category.mcc,
                m.country,
                minor(amountMajor),
                m.currency,
                Instant.ofEpochMilli(t),
                Channel.ECOMMERCE,
                EntryMode.ECOMMERCE,
                null,
                null,
                ip,
                device,
                SOURCE,
                null);
    }

    private static long minor(double major) {
        return Math.max(1, Math.round(major * 100));
    }

    private String nextId() {
        return idPrefix + Long.toString(transactionCounter++, 36);
    }

    private void emit(Transaction tx, Scenario scenario) {
        enqueue(tx.getEventTime().toEpochMilli(), new GeneratedEvent.TransactionEvent(tx, scenario));
    }

    private void fraud(Transaction tx, Scenario scenario) {
        emit(tx, scenario);
        label(
                tx,
                tx.getEventTime().toEpochMilli() + settings.labelDelays().sample(rng),
                Verdict.FRAUD,
                scenario.label(),
                null);
    }

    private void label(Transaction tx, long labelTime, Verdict verdict, String fraudType, String note) {
        FraudLabel label = new FraudLabel(
                tx.getTransactionId(),
                tx.getCardToken(),
                tx.getMerchantId(),
                tx.getEventTime(),
                Instant.ofEpochMilli(labelTime),
                verdict,
                LabelSource.SYNTHETIC,
                fraudType,
                note,
                tx.getTerminalId());
        enqueue(labelTime, new GeneratedEvent.LabelEvent(label));
    }

    private void enqueue(long time, GeneratedEvent event) {
        queue.add(new Pending(time, seq++, event));
    }

    private static double[] normalize(double[] w) {
        double mean = java.util.Arrays.stream(w).average().orElse(1);
        return java.util.Arrays.stream(w).map(x -> x / mean).toArray();
    }

    private record Pending(long time, long seq, GeneratedEvent event) implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
