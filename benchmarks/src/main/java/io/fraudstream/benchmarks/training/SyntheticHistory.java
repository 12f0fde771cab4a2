package io.fraudstream.benchmarks.training;

import io.fraudstream.features.FeatureDefinition;
import io.fraudstream.features.FeatureSet;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.LabelSource;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.avro.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Labelled featured transactions with a learnable signal, for the training benchmark: {@code rows} transactions over
 * {@code days} days from {@code start}, in event-time order, each fraud with probability {@code fraudRate}. Every
 * feature of {@link FeatureSet#all()} gets a value: about a third of the features (chosen by a hash of the name)
 * are shifted for fraud, the others are noise; nullable features are sometimes missing (more often for fraud when
 * informative). Each fraud gets a FRAUD label 1 to 5 days later; 2 % of legitimate transactions get a LEGITIMATE
 * label; the rest stay unlabelled (they mature). Same seed, same data.
 *
 * <p>Not a model of real fraud: it exists to measure the trainer's speed at scale and to give it something to learn.
 */
public final class SyntheticHistory {

    private static final List<FeatureDefinition<?>> FEATURES = FeatureSet.all();
    private static final int[] POSITIONS =
            FEATURES.stream().mapToInt(d -> FeatureSet.fieldPosition(d.name())).toArray();

    private final long rows;
    private final Instant start;
    private final Duration span;
    private final double fraudRate;
    private final long seed;
    private final int cards;
    private final double[] signal;

    /**
     * @param rows      transactions to generate
     * @param start     event time of the first
     * @param days      days they span
     * @param fraudRate fraction of fraud
     * @param seed      the seed
     */
    public SyntheticHistory(long rows, Instant start, int days, double fraudRate, long seed) {
        this.rows = rows;
        this.start = Objects.requireNonNull(start, "start");
        this.span = Duration.ofDays(days);
        this.fraudRate = fraudRate;
        this.seed = seed;
        this.cards = (int) Math.max(10, rows / 25);
        this.signal = new double[FEATURES.size()];
        for (int j = 0; j < signal.length; j++) {
            int h = FEATURES.get(j).name().hashCode() ^ (int) seed;
            signal[j] = Math.floorMod(h, 3) == 0 ? 0.6 + Math.floorMod(h >>> 8, 10) / 10.0 : 0.0;
        }
    }

    /**
     * One generated transaction.
     *
     * @param features the featured transaction
     * @param label    its label, if it gets one
     */
    public record Item(TransactionFeatures features, Optional<FraudLabel> label) {}

    /** Receives the generated items in order. */
    @FunctionalInterface
    public interface Sink {
        void accept(Item item);
    }

    /** Generates every item into {@code sink}. */
    public void generate(Sink sink) {
        SplittableRandom random = new SplittableRandom(seed);
        long spanMs = span.toMillis();
        for (long i = 0; i < rows; i++) {
            long t = start.toEpochMilli()
                    + (long) ((double) i / rows * spanMs)
                    + random.nextLong(Math.max(1, spanMs / rows));
            sink.accept(item(i, Instant.ofEpochMilli(t), random));
        }
    }

    private Item item(long i, Instant eventTime, SplittableRandom random) {
        boolean fraud = random.nextDouble() < fraudRate;
        String id = "bench-" + seed + "-" + i;
        String card = "card-" + random.nextInt(cards);
        String merchant = "m-" + random.nextInt(2000);
        long amount = Math.round(Math.exp(7 + random.nextDouble() * 2 + (fraud ? 0.7 : 0)));
        Transaction txn = transaction(id, card, merchant, amount, eventTime, fraud && random.nextDouble() < 0.7);
        TransactionFeatures f = new TransactionFeatures();
        f.setTransaction(txn);
        f.setFeatureSetVersion(FeatureSet.VERSION);
        f.setEventTime(eventTime);
        f.setOutOfOrder(false);
        f.setBaseCurrency("EUR");
        f.setCardHomeCountry("DE");
        for (int j = 0; j < FEATURES.size(); j++) {
            f.put(POSITIONS[j], value(FEATURES.get(j), fraud ? signal[j] : 0.0, random));
        }
        Optional<FraudLabel> label = Optional.empty();
        if (fraud) {
            label = Optional.of(label(txn, eventTime.plus(Duration.ofHours(24 + random.nextInt(96))), Verdict.FRAUD));
        } else if (random.nextDouble() < 0.02) {
            label = Optional.of(label(txn, eventTime.plus(Duration.ofHours(48)), Verdict.LEGITIMATE));
        }
        return new Item(f, label);
    }

    /** A value of the feature's type; {@code shift} > 0 moves it the way fraud does. */
    private static Object value(FeatureDefinition<?> d, double shift, SplittableRandom random) {
        if (d.nullable() && random.nextDouble() < 0.08 + shift * 0.1) {
            return null;
        }
        double z = gaussian(random) + shift;
        return switch (d.type()) {
            case INT -> (int) Math.max(0, Math.round(Math.exp(1 + 0.6 * z)));
            case LONG -> Math.max(0L, Math.round(Math.exp(8 + 0.8 * z)));
            case DOUBLE -> z;
            case BOOLEAN -> random.nextDouble() < 0.15 + 0.25 * shift;
        };
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian
        double u = Math.max(1e-12, random.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static Transaction transaction(
            String id, String card, String merchant, long amount, Instant eventTime, boolean online) {
        Transaction t = new Transaction();
        t.setTransactionId(id);
        t.setCardToken(card);
        t.setCardBin(null);
        t.setCardLast4(null);
        t.setMerchantId(merchant);
        t.setTerminalId(null);
        t.setMerchantCategoryCode("5411");
        t.setMerchantCountry("DE");
        t.setAmountMinor(amount);
        t.setCurrency("EUR");
        t.setEventTime(eventTime);
        t.setChannel(online ? Channel.ECOMMERCE : Channel.POS);
        t.setEntryMode(online ? EntryMode.ECOMMERCE : EntryMode.CHIP);
        t.setLatitude(null);
        t.setLongitude(null);
        t.setIpAddress(null);
        t.setDeviceId(null);
        t.setSource("bench");
        t.setIngestTime(null);
        return t;
    }

    private static FraudLabel label(Transaction t, Instant labelTime, Verdict verdict) {
        FraudLabel l = new FraudLabel();
        l.setTransactionId(t.getTransactionId());
        l.setCardToken(t.getCardToken());
        l.setMerchantId(t.getMerchantId());
        l.setTransactionTime(t.getEventTime());
        l.setLabelTime(labelTime);
        l.setVerdict(verdict);
        l.setSource(LabelSource.SYNTHETIC);
        l.setFraudType(verdict == Verdict.FRAUD ? "card_not_present" : null);
        l.setNote(null);
        return l;
    }
}
