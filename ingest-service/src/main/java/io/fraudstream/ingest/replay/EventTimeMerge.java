package io.fraudstream.ingest.replay;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Interleaves transactions and their late labels in event-time order. Input: rows sorted by transaction time.
 * Output: every transaction, and every label at its label time, ordered by time; at equal times a transaction
 * comes before a label (a label at time t is "known" only after t, so a transaction at t must not see it), and
 * labels keep the order of their transactions. Memory: only labels not yet due are held.
 */
public final class EventTimeMerge implements Iterator<ReplayEvent> {
    private final Iterator<MappedRow> rows;
    private final PriorityQueue<Pending> labels =
            new PriorityQueue<>(Comparator.comparingLong(Pending::time).thenComparingLong(Pending::seq));
    private MappedRow nextRow;
    private long seq;
    private long lastRowTime = Long.MIN_VALUE;

    /** @param sortedRows rows in ascending transaction time */
    public EventTimeMerge(Iterator<MappedRow> sortedRows) {
        this.rows = sortedRows;
        advance();
    }

    /** Convenience for a sorted list. */
    public static EventTimeMerge of(List<MappedRow> sortedRows) {
        return new EventTimeMerge(sortedRows.iterator());
    }

    private void advance() {
        nextRow = rows.hasNext() ? rows.next() : null;
        if (nextRow != null) {
            long t = nextRow.eventTimeMillis();
            if (t < lastRowTime) {
                throw new IllegalArgumentException("rows are not in event-time order at row " + nextRow.rowNumber());
            }
            lastRowTime = t;
        }
    }

    @Override
    public boolean hasNext() {
        return nextRow != null || !labels.isEmpty();
    }

    @Override
    public ReplayEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Pending due = labels.peek();
        if (nextRow == null || (due != null && due.time() < nextRow.eventTimeMillis())) {
            return new ReplayEvent.LabelEvent(labels.poll().row().label());
        }
        MappedRow row = nextRow;
        if (row.label() != null) {
            labels.add(new Pending(row.label().getLabelTime().toEpochMilli(), seq++, row));
        }
        advance();
        return new ReplayEvent.TransactionEvent(row.transaction());
    }

    private record Pending(long time, long seq, MappedRow row) {}
}
