package io.fraudstream.features.state;

import io.fraudstream.features.CardWindow;
import java.util.Arrays;

/**
 * A card's transactions as {@link CardEvent}s, sorted by event time (ties in arrival order), and the per-card
 * statistics and duplicate check computed from them. Every per-card feature is a function of the card's retained events
 * and the current transaction.
 *
 * <p>The card stage stores a card's events one entry each ({@link CardKeys}) and loads the ones a transaction can
 * see into a {@code CardHistory}; retention (the longest window plus the out-of-order grace) and the cap are applied
 * to the store, with the same rule as {@link #evict}. {@link #encode()} and {@link #decode} are the previous store
 * format (the whole history in one entry, about 20 bytes per event), read to convert it. Mutable and not thread-safe.
 */
public final class CardHistory {

    private static final int FORMAT = 1;
    private static final int LOCATED = 1;

    private long[] time;
    private long[] amount;
    private long[] merchant;
    private long[] txId;
    private int[] lat;
    private int[] lon;
    private int size;

    private CardHistory(int capacity) {
        int c = Math.max(4, capacity);
        time = new long[c];
        amount = new long[c];
        merchant = new long[c];
        txId = new long[c];
        lat = new int[c];
        lon = new int[c];
    }

    /** A history without events. */
    public static CardHistory empty() {
        return new CardHistory(4);
    }

    /** Number of retained events. */
    public int size() {
        return size;
    }

    /** The event at {@code i} (0 = oldest). */
    public CardEvent event(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return new CardEvent(time[i], amount[i], merchant[i], txId[i], lat[i], lon[i]);
    }

    /** The latest event time, or {@link Long#MIN_VALUE} when empty. */
    public long maxTime() {
        return size == 0 ? Long.MIN_VALUE : time[size - 1];
    }

    /**
     * Whether a transaction with id hash {@code txHash} at {@code eventTime} duplicates a retained one: same id hash and
     * event times at most {@code windowMs} apart.
     */
    public boolean isDuplicate(long txHash, long eventTime, long windowMs) {
        for (int i = size - 1; i >= 0; i--) {
            if (txId[i] == txHash && Math.abs(time[i] - eventTime) <= windowMs) {
                return true;
            }
        }
        return false;
    }

    /**
     * The per-card statistics for {@code current}, from the retained events with event time {@code <= current.time()}
     * and within {@link CardWindow#LONGEST}, plus {@code current} itself. Does not change the history.
     */
    public CardSnapshot snapshot(CardEvent current) {
        long t = current.time();
        CardWindow[] windows = CardWindow.values();
        int[] counts = new int[windows.length];
        long[] sums = new long[windows.length];
        long[] maxima = new long[windows.length];
        Arrays.fill(counts, 1);
        Arrays.fill(sums, current.amount());
        Arrays.fill(maxima, current.amount());
        int previous = 0;
        double mean = 0;
        double m2 = 0;
        Double secondsSinceLast = null;
        Double distance = null;
        Double secondsSinceLocated = null;
        boolean firstAtMerchant = true;
        long[] merchants24h = new long[8];
        merchants24h[0] = current.merchantHash();
        int distinct = 1;
        for (int i = upperBound(t) - 1; i >= 0; i--) {
            long age = t - time[i];
            if (age >= CardWindow.LONGEST.millis()) {
                break;
            }
            long a = amount[i];
            for (CardWindow w : windows) {
                if (age < w.millis()) {
                    int k = w.ordinal();
                    counts[k]++;
                    sums[k] += a;
                    maxima[k] = Math.max(maxima[k], a);
                }
            }
            previous++;
            double delta = a - mean;
            mean += delta / previous;
            m2 += delta * (a - mean);
            if (secondsSinceLast == null) {
                secondsSinceLast = age / 1000.0;
            }
            if (merchant[i] == current.merchantHash()) {
                firstAtMerchant = false;
            }
            if (age < CardWindow.H24.millis() && !contains(merchants24h, distinct, merchant[i])) {
                if (distinct == merchants24h.length) {
                    merchants24h = Arrays.copyOf(merchants24h, distinct * 2);
                }
                merchants24h[distinct++] = merchant[i];
            }
            if (distance == null && current.located() && lat[i] != Geo.NO_LOCATION) {
                distance = Geo.distanceKm(lat[i], lon[i], current.latE6(), current.lonE6());
                secondsSinceLocated = age / 1000.0;
            }
        }
        double stdDev = previous < 2 ? 0.0 : Math.sqrt(m2 / previous);
        return new CardSnapshot(
                current.amount(),
                counts,
                sums,
                maxima,
                previous,
                mean,
                stdDev,
                secondsSinceLast,
                distinct,
                firstAtMerchant,
                distance,
                secondsSinceLocated);
    }

    /** Inserts {@code e} in event-time order, after events with the same time. */
    public void add(CardEvent e) {
        if (size == time.length) {
            grow();
        }
        int at = upperBound(e.time());
        int tail = size - at;
        if (tail > 0) {
            System.arraycopy(time, at, time, at + 1, tail);
            System.arraycopy(amount, at, amount, at + 1, tail);
            System.arraycopy(merchant, at, merchant, at + 1, tail);
            System.arraycopy(txId, at, txId, at + 1, tail);
            System.arraycopy(lat, at, lat, at + 1, tail);
            System.arraycopy(lon, at, lon, at + 1, tail);
        }
        time[at] = e.time();
        amount[at] = e.amount();
        merchant[at] = e.merchantHash();
        txId[at] = e.txHash();
        lat[at] = e.latE6();
        lon[at] = e.lonE6();
        size++;
    }

    /**
     * Drops events with event time {@code <= maxTime() - retentionMs}, then the oldest events beyond
     * {@code maxEvents}.
     *
     * @return how many events were dropped because of {@code maxEvents} (not retention)
     */
    public int evict(long retentionMs, int maxEvents) {
        if (size == 0) {
            return 0;
        }
        long bound = maxTime() - retentionMs;
        int expired = 0;
        while (expired < size && time[expired] <= bound) {
            expired++;
        }
        int capped = Math.max(0, size - expired - maxEvents);
        removeOldest(expired + capped);
        return capped;
    }

    private void removeOldest(int n) {
        if (n <= 0) {
            return;
        }
        int rest = size - n;
        System.arraycopy(time, n, time, 0, rest);
        System.arraycopy(amount, n, amount, 0, rest);
        System.arraycopy(merchant, n, merchant, 0, rest);
        System.arraycopy(txId, n, txId, 0, rest);
        System.arraycopy(lat, n, lat, 0, rest);
        System.arraycopy(lon, n, lon, 0, rest);
        size = rest;
    }

    /** Index of the first event with time {@code > t} (the size if none). */
    private int upperBound(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean contains(long[] values, int n, long v) {
        for (int i = 0; i < n; i++) {
            if (values[i] == v) {
                return true;
            }
        }
        return false;
    }

    private void grow() {
        int c = time.length * 2;
        time = Arrays.copyOf(time, c);
        amount = Arrays.copyOf(amount, c);
        merchant = Arrays.copyOf(merchant, c);
        txId = Arrays.copyOf(txId, c);
        lat = Arrays.copyOf(lat, c);
        lon = Arrays.copyOf(lon, c);
    }

    /** The compact binary form of the whole history: the card state store's previous format (one entry per card). */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(4 + size * 24);
        w.writeByte(FORMAT);
        w.writeVarLong(size);
        long previousTime = 0;
        for (int i = 0; i < size; i++) {
            w.writeVarLong(time[i] - previousTime);
            previousTime = time[i];
            w.writeVarLong(amount[i]);
            w.writeLong(merchant[i]);
            w.writeLong(txId[i]);
            boolean located = lat[i] != Geo.NO_LOCATION;
            w.writeByte(located ? LOCATED : 0);
            if (located) {
                w.writeVarLong(lat[i]);
                w.writeVarLong(lon[i]);
            }
        }
        return w.toByteArray();
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a card history of a known format
     */
    public static CardHistory decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown card history format " + format);
        }
        int n = Math.toIntExact(r.readVarLong());
        CardHistory h = new CardHistory(n + 1);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += r.readVarLong();
            h.time[i] = t;
            h.amount[i] = r.readVarLong();
            h.merchant[i] = r.readLong();
            h.txId[i] = r.readLong();
            if ((r.readByte() & LOCATED) != 0) {
                h.lat[i] = Math.toIntExact(r.readVarLong());
                h.lon[i] = Math.toIntExact(r.readVarLong());
            } else {
                h.lat[i] = Geo.NO_LOCATION;
                h.lon[i] = Geo.NO_LOCATION;
            }
        }
        h.size = n;
        if (!r.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after card history");
        }
        return h;
    }
}
