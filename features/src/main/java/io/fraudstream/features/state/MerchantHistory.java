package io.fraudstream.features.state;

import io.fraudstream.features.MerchantWindow;
import java.util.Arrays;

/**
 * The state the feature stream keeps per merchant, and per terminal (merchant id and terminal id): the event times of
 * the merchant's (terminal's) recent transactions (sorted) and the labels on its recent transactions, both bounded by
 * a retention (the longest window plus the grace) and a maximum count.
 *
 * <p>Features are taken as of an anchor time ({@link #snapshot(long, long)}): the transactions with event time in
 * {@code (anchor - w, anchor]}, and the labels with {@code labelTime <= anchor} whose transaction's time is in the
 * window. The feature stream anchors a transaction at {@code t} at {@code t - lag}, and reads the history only once
 * every event up to the anchor has been applied, so a snapshot never depends on arrival order or on events after the
 * anchor. When a transaction has several labels, the verdict known at the anchor is the one with the latest
 * {@code labelTime <= anchor} (FRAUD wins a tie). Fraud shares are taken over windows shifted by the label delay:
 * labels arrive days after their transactions, so a window ending at the anchor would be mostly unlabelled.
 *
 * <p>Memory: about 2 to 4 bytes per retained transaction (varint time deltas) and about 20 bytes per retained label,
 * so a merchant with 1,000 transactions in 30 days holds about 3 KB. Mutable, not thread-safe.
 */
public final class MerchantHistory {

    private static final int FORMAT = 1;

    private long[] tx;
    private int txCount;
    private long[] labelTxTime;
    private long[] labelTime;
    private long[] labelTxHash;
    private boolean[] labelFraud;
    private int labelCount;

    private MerchantHistory(int txCapacity, int labelCapacity) {
        tx = new long[Math.max(4, txCapacity)];
        int lc = Math.max(2, labelCapacity);
        labelTxTime = new long[lc];
        labelTime = new long[lc];
        labelTxHash = new long[lc];
        labelFraud = new boolean[lc];
    }

    /** A history without transactions or labels. */
    public static MerchantHistory empty() {
        return new MerchantHistory(4, 2);
    }

    /** Retained transactions. */
    public int transactionCount() {
        return txCount;
    }

    /** Retained labels. */
    public int labelCount() {
        return labelCount;
    }

    /** The latest transaction event time, or {@link Long#MIN_VALUE} when none. */
    public long maxTime() {
        return txCount == 0 ? Long.MIN_VALUE : tx[txCount - 1];
    }

    /** The latest event time of a retained transaction or labelled transaction, or {@link Long#MIN_VALUE}. */
    public long newestEventTime() {
        long newest = maxTime();
        for (int i = 0; i < labelCount; i++) {
            newest = Math.max(newest, labelTxTime[i]);
        }
        return newest;
    }

    /** Records a transaction at {@code eventTime}. */
    public void addTransaction(long eventTime) {
        if (txCount == tx.length) {
            tx = Arrays.copyOf(tx, tx.length * 2);
        }
        int at = upperBound(tx, txCount, eventTime);
        System.arraycopy(tx, at, tx, at + 1, txCount - at);
        tx[at] = eventTime;
        txCount++;
    }

    /**
     * Records a label on the merchant's transaction {@code txHash} (event time {@code txTime}) that became known at
     * {@code knownAt}.
     *
     * @return false if the same label (transaction, time and verdict) is already held
     */
    public boolean addLabel(long txTime, long knownAt, long txHash, boolean fraud) {
        for (int i = 0; i < labelCount; i++) {
            if (labelTxHash[i] == txHash
                    && labelTime[i] == knownAt
                    && labelFraud[i] == fraud
                    && labelTxTime[i] == txTime) {
                return false;
            }
        }
        addLabelUnchecked(txTime, knownAt, txHash, fraud);
        return true;
    }

    /**
     * The per-merchant statistics as of {@code anchor} (the transaction's time minus the merchant lag), with the label
     * delay {@code delayMs}: counts over the transactions with event time in {@code (anchor - w, anchor]}, fraud shares
     * over the windows {@code (anchor - delayMs - w, anchor - delayMs]} (whose labels are due by the anchor), labels
     * known at the anchor ({@code labelTime <= anchor}).
     *
     * <p>The result depends only on the events at or before the anchor: a history that also holds later events gives
     * the same snapshot, as long as retention and caps have not dropped events the windows reach (retention is
     * relative to the latest transaction, see {@link #evict}).
     */
    public MerchantSnapshot snapshot(long anchor, long delayMs) {
        MerchantWindow[] windows = MerchantWindow.values();
        int[] counts = new int[windows.length];
        int[] delayedCounts = new int[windows.length];
        int[] delayedFrauds = new int[windows.length];
        int[] fraudLabels = new int[windows.length];
        int end = upperBound(tx, txCount, anchor);
        int delayedEnd = upperBound(tx, txCount, anchor - delayMs);
        for (MerchantWindow w : windows) {
            counts[w.ordinal()] = end - upperBound(tx, txCount, anchor - w.millis());
            delayedCounts[w.ordinal()] = delayedEnd - upperBound(tx, txCount, anchor - delayMs - w.millis());
        }
        for (int i = 0; i < labelCount; i++) {
            if (labelTime[i] > anchor || !labelFraud[i]) {
                continue; // not known at the anchor, or not a fraud label
            }
            for (MerchantWindow w : windows) {
                if (labelTime[i] > anchor - w.millis()) {
                    fraudLabels[w.ordinal()]++;
                }
            }
            long ago = anchor - delayMs - labelTxTime[i]; // how far before the end of the delayed windows
            if (ago < 0 || !isVerdictAt(i, anchor)) {
                continue;
            }
            for (MerchantWindow w : windows) {
                if (ago < w.millis()) {
                    delayedFrauds[w.ordinal()]++;
                }
            }
        }
        return new MerchantSnapshot(counts, delayedCounts, delayedFrauds, fraudLabels);
    }

    /**
     * Whether label {@code i} is the verdict on its transaction known at {@code anchor}: the one with the latest
     * {@code labelTime <= anchor} (FRAUD wins ties).
     */
    private boolean isVerdictAt(int i, long anchor) {
        for (int j = 0; j < labelCount; j++) {
            if (j == i || labelTxHash[j] != labelTxHash[i] || labelTime[j] > anchor) {
                continue;
            }
            if (labelTime[j] > labelTime[i]) {
                return false;
            }
            if (labelTime[j] == labelTime[i]
                    && (labelFraud[j] && !labelFraud[i] || labelFraud[j] == labelFraud[i] && j < i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Drops transactions with event time {@code <= newest - retentionMs} (newest: the latest transaction time), and
     * labels whose transaction is that old unless they were received within the longest window (they still count as
     * labels received), then the oldest beyond the caps.
     *
     * @return how many were dropped because of the caps (not retention)
     */
    public int evict(long retentionMs, int maxTransactions, int maxLabels) {
        if (txCount == 0) {
            return 0;
        }
        long bound = maxTime() - retentionMs;
        int expired = 0;
        while (expired < txCount && tx[expired] <= bound) {
            expired++;
        }
        int capped = Math.max(0, txCount - expired - maxTransactions);
        int drop = expired + capped;
        System.arraycopy(tx, drop, tx, 0, txCount - drop);
        txCount -= drop;
        int kept = 0;
        long receivedBound = maxTime() - MerchantWindow.LONGEST.millis();
        for (int i = 0; i < labelCount; i++) {
            if (labelTxTime[i] > bound || labelTime[i] > receivedBound) {
                move(i, kept++);
            }
        }
        int labelsCapped = 0;
        if (kept > maxLabels) {
            labelsCapped = kept - maxLabels;
            sortLabelsByTxTime(kept);
            for (int i = labelsCapped; i < kept; i++) {
                move(i, i - labelsCapped);
            }
            kept = maxLabels;
        }
        labelCount = kept;
        return capped + labelsCapped;
    }

    private void sortLabelsByTxTime(int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(labelTxTime[a], labelTxTime[b]));
        long[] tt = new long[n];
        long[] lt = new long[n];
        long[] h = new long[n];
        boolean[] f = new boolean[n];
        for (int i = 0; i < n; i++) {
            tt[i] = labelTxTime[order[i]];
            lt[i] = labelTime[order[i]];
            h[i] = labelTxHash[order[i]];
            f[i] = labelFraud[order[i]];
        }
        System.arraycopy(tt, 0, labelTxTime, 0, n);
        System.arraycopy(lt, 0, labelTime, 0, n);
        System.arraycopy(h, 0, labelTxHash, 0, n);
        System.arraycopy(f, 0, labelFraud, 0, n);
    }

    private void move(int from, int to) {
        labelTxTime[to] = labelTxTime[from];
        labelTime[to] = labelTime[from];
        labelTxHash[to] = labelTxHash[from];
        labelFraud[to] = labelFraud[from];
    }

    private static int upperBound(long[] values, int n, long t) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The compact binary form stored in the merchant state store. */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(8 + txCount * 3 + labelCount * 20);
        w.writeByte(FORMAT);
        w.writeVarLong(txCount);
        long previous = 0;
        for (int i = 0; i < txCount; i++) {
            w.writeVarLong(tx[i] - previous);
            previous = tx[i];
        }
        w.writeVarLong(labelCount);
        for (int i = 0; i < labelCount; i++) {
            w.writeVarLong(labelTxTime[i]);
            w.writeVarLong(labelTime[i] - labelTxTime[i]);
            w.writeLong(labelTxHash[i]);
            w.writeByte(labelFraud[i] ? 1 : 0);
        }
        return w.toByteArray();
    }

    /**
     * Reads what {@link #encode()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a merchant history of a known format
     */
    public static MerchantHistory decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown merchant history format " + format);
        }
        int n = Math.toIntExact(r.readVarLong());
        MerchantHistory h = new MerchantHistory(n + 1, 2);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += r.readVarLong();
            h.tx[i] = t;
        }
        h.txCount = n;
        int m = Math.toIntExact(r.readVarLong());
        for (int i = 0; i < m; i++) {
            long txTime = r.readVarLong();
            h.addLabelUnchecked(txTime, txTime + r.readVarLong(), r.readLong(), r.readByte() == 1);
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("trailing bytes after merchant history");
        }
        return h;
    }

    private void addLabelUnchecked(long txTime, long knownAt, long txHash, boolean fraud) {
        if (labelCount == labelTime.length) {
            int c = labelCount * 2;
            labelTxTime = Arrays.copyOf(labelTxTime, c);
            labelTime = Arrays.copyOf(labelTime, c);
            labelTxHash = Arrays.copyOf(labelTxHash, c);
            labelFraud = Arrays.copyOf(labelFraud, c);
        }
        labelTxTime[labelCount] = txTime;
        labelTime[labelCount] = knownAt;
        labelTxHash[labelCount] = txHash;
        labelFraud[labelCount] = fraud;
        labelCount++;
    }
}
