package io.fraudstream.featurestream;

import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.utils.Utils;

/**
 * A seeded stream of raw records for integration tests and the benchmark: valid transactions with some
 * out-of-order and duplicate ones, some invalid (negative amount) and some undecodable (garbage bytes).
 *
 * <p>Each merchant is only visited by cards of one raw partition, so the order in which the merchant stage sees a
 * merchant's transactions is that partition's order, whatever the interleaving of partitions: the expected features
 * are then exactly those of a single-partition TopologyTestDriver run over the same records.
 */
final class Workload {

    static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    /** How far behind its partition's latest transaction a transaction may be sent. */
    static final Duration MAX_DISORDER = Duration.ofMinutes(10);

    /**
     * One raw record: a transaction, or garbage bytes (tx null).
     *
     * @param key   card token
     * @param tx    the transaction, or null for garbage
     * @param bytes garbage bytes when tx is null
     */
    record Item(String key, Transaction tx, byte[] bytes) {
        boolean valid() {
            return tx != null && tx.getAmountMinor() > 0;
        }
    }

    final List<Item> items = new ArrayList<>();
    int duplicates;
    int invalid;
    int garbage;

    /**
     * @param seed       random seed
     * @param n          records to generate
     * @param cards      number of cards
     * @param partitions raw topic partitions
     * @param span       event-time span
     * @param dirty      whether to include duplicates, invalid and garbage records
     */
    static Workload generate(long seed, int n, int cards, int partitions, Duration span, boolean dirty) {
        Workload w = new Workload();
        Random r = new Random(seed);
        long step = Math.max(1, span.toMillis() / n);
        for (int i = 0; i < n; i++) {
            String card = "card-" + r.nextInt(cards);
            int partition = Utils.toPositive(Utils.murmur2(card.getBytes(StandardCharsets.UTF_8))) % partitions;
            String merchant = "m-" + partition + "-" + r.nextInt(25);
            long jitter = r.nextInt(20) == 0 ? -r.nextInt((int) MAX_DISORDER.toMillis()) : 0; // some up to 10 min late
            Instant t = START.plusMillis(i * step + jitter);
            int roll = r.nextInt(100);
            if (dirty && roll == 0 && !w.items.isEmpty()) {
                Item previous = w.items.get(r.nextInt(w.items.size()));
                if (previous.valid()) {
                    w.items.add(previous);
                    w.duplicates++;
                    continue;
                }
            }
            if (dirty && roll == 1) {
                byte[] junk = new byte[8 + r.nextInt(16)];
                r.nextBytes(junk);
                w.items.add(new Item(card, null, junk));
                w.garbage++;
                continue;
            }
            Transaction tx = Transaction.newBuilder()
                    .setTransactionId("tx-" + seed + "-" + i)
                    .setCardToken(card)
                    .setMerchantId(merchant)
                    .setMerchantCategoryCode(r.nextBoolean() ? "5411" : null)
                    .setMerchantCountry(r.nextInt(10) == 0 ? "FR" : "DE")
                    .setAmountMinor(dirty && roll == 2 ? -5 : 100 + r.nextInt(20_000))
                    .setCurrency(r.nextInt(8) == 0 ? "USD" : "EUR")
                    .setEventTime(t)
                    .setChannel(r.nextBoolean() ? Channel.POS : Channel.ECOMMERCE)
                    .setEntryMode(EntryMode.CHIP)
                    .setLatitude(r.nextBoolean() ? 48 + r.nextDouble() : null)
                    .setLongitude(2 + r.nextDouble())
                    .build();
            if (dirty && roll == 2) {
                w.invalid++;
            }
            w.items.add(new Item(card, tx, null));
        }
        return w;
    }
}
