package io.fraudstream.ingest.replay;

import io.fraudstream.ingest.kafka.Acknowledgements;
import io.fraudstream.ingest.kafka.IngestPublisher;
import io.fraudstream.schemas.avro.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a tabular source to Kafka: reads every row, maps it (rejected rows go to the DLQ with row number and
 * reason), sorts the transactions by event time in memory, applies --from/--to/--limit, interleaves the labels at
 * transaction time + label delay ({@link EventTimeMerge}) and produces everything through the
 * {@link IngestPublisher}, paced by the {@link Pacer}.
 *
 * <p>Memory: the mapped transactions are held until sorted, about 0.5 KB each (1 million rows ≈ 500 MB of heap);
 * split larger histories by time (--from/--to) or raise -Xmx. A source already in event-time order (CSV exported
 * sorted, a query with ORDER BY) can be streamed instead with {@link ReplayOptions#presorted()}: constant memory,
 * reading overlapped with producing.
 */
public final class Replay {
    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    /** Event time, then source order: the stable order, whichever thread mapped the row. */
    private static final Comparator<MappedRow> BY_EVENT_TIME =
            Comparator.comparingLong(MappedRow::eventTimeMillis).thenComparingLong(MappedRow::rowNumber);
    /** Rows mapped per task (in-memory path) and per hand-over between threads (streaming path). */
    private static final int BATCH = 4096;

    private final IngestPublisher publisher;
    private final ReplayOptions options;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong labels = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Acknowledgements acks = new Acknowledgements(LOG);

    private Replay(IngestPublisher publisher, ReplayOptions options) {
        this.publisher = publisher;
        this.options = options;
    }

    /**
     * Runs the replay to the end and waits for every acknowledgement.
     *
     * @throws ReplaySourceException if the source cannot be read
     */
    public static ReplaySummary run(
            TabularSource source, RowMapper mapper, IngestPublisher publisher, ReplayOptions options) {
        return new Replay(publisher, options).run(source, mapper);
    }

    private ReplaySummary run(TabularSource source, RowMapper mapper) {
        long start = System.nanoTime();
        Counts counts = new Counts();
        if (options.presorted()) {
            try (Prefetch rows = new Prefetch(new StreamingRows(source, mapper, counts))) {
                produce(rows, -1);
            }
        } else {
            List<MappedRow> selected = readSortSelect(source, mapper, counts);
            produce(selected.iterator(), selected.size());
        }
        publisher.flush();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        ReplaySummary summary = new ReplaySummary(
                counts.read.get(),
                produced.get(),
                counts.rejected.get(),
                counts.skipped.get(),
                labels.get(),
                acks.failed(),
                acks.firstFailure(),
                elapsed);
        if (deadLetters.get() != summary.rejected() && summary.failed() == 0) {
            throw new IllegalStateException("internal error: " + summary.rejected() + " rejected rows but "
                    + deadLetters.get() + " dead letters acknowledged");
        }
        return summary;
    }

    /** Row counters of one run (updated from the reading and mapping threads). */
    private static final class Counts {
        final AtomicLong read = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
    }

    /**
     * Reads every row (one thread: the source), maps batches of rows on all cores, sorts the mapped rows by event
     * time then row number, applies from/to/limit.
     */
    private List<MappedRow> readSortSelect(TabularSource source, RowMapper mapper, Counts counts) {
        List<java.util.concurrent.Future<List<MappedRow>>> batches = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().daemon().name("replay-map-", 0).factory());
        List<MappedRow> rows = new ArrayList<>();
        try (ProgressReporter reading = progress("reading", "rows", -1)) {
            List<SourceRow> batch = new ArrayList<>(BATCH);
            while (source.hasNext()) {
                batch.add(source.next());
                counts.read.incrementAndGet();
                if (batch.size() == BATCH) {
                    List<SourceRow> b = batch;
                    batches.add(pool.submit(() -> mapBatch(source, mapper, b, counts)));
                    batch = new ArrayList<>(BATCH);
                    reading.step(BATCH);
                }
            }
            List<SourceRow> last = batch;
            batches.add(pool.submit(() -> mapBatch(source, mapper, last, counts)));
            reading.step(last.size());
            for (java.util.concurrent.Future<List<MappedRow>> f : batches) {
                rows.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        LOG.info(
                "read {} rows from {} ({} rejected to the DLQ); sorting by event time",
                counts.read.get(),
                source.describe(),
                counts.rejected.get());
        rows.sort(BY_EVENT_TIME);
        List<MappedRow> selected = select(rows);
        counts.skipped.addAndGet(rows.size() - selected.size());
        return selected;
    }

    private List<MappedRow> mapBatch(TabularSource source, RowMapper mapper, List<SourceRow> batch, Counts counts) {
        List<MappedRow> out = new ArrayList<>(batch.size());
        for (SourceRow row : batch) {
            mapOrReject(source, mapper, row, counts).ifPresent(out::add);
        }
        return out;
    }

    private Optional<MappedRow> mapOrReject(TabularSource source, RowMapper mapper, SourceRow row, Counts counts) {
        try {
            return Optional.of(mapper.map(row));
        } catch (RowRejectedException e) {
            reject(source, mapper, row, e.getMessage(), counts);
            return Optional.empty();
        }
    }

    private void reject(TabularSource source, RowMapper mapper, SourceRow row, String reason, Counts counts) {
        counts.rejected.incrementAndGet();
        acks.track(
                publisher.deadLetter(
                        null,
                        RejectedRows.deadLetter(
                                row,
                                reason,
                                source.columns(),
                                mapper.panColumn().orElse(null),
                                source.describe(),
                                Instant.now())),
                deadLetters);
    }

    /**
     * The rows of a presorted source, mapped lazily as the producer asks for them: rejected rows go to the DLQ, rows
     * earlier than their predecessor too (reason "out of event-time order"), rows outside from/to are skipped, and
     * reading stops once {@code limit} rows were selected.
     */
    private final class StreamingRows implements java.util.Iterator<MappedRow> {
        private final TabularSource source;
        private final RowMapper mapper;
        private final Counts counts;
        private long selected;
        private long lastTime = Long.MIN_VALUE;
        private MappedRow next;

        StreamingRows(TabularSource source, RowMapper mapper, Counts counts) {
            this.source = source;
            this.mapper = mapper;
            this.counts = counts;
        }

        @Override
        public boolean hasNext() {
            while (next == null && (options.limit() < 0 || selected < options.limit()) && source.hasNext()) {
                SourceRow row = source.next();
                counts.read.incrementAndGet();
                Optional<MappedRow> mapped = mapOrReject(source, mapper, row, counts);
                if (mapped.isEmpty()) {
                    continue;
                }
                MappedRow m = mapped.get();
                if (m.eventTimeMillis() < lastTime) {
                    reject(
                            source,
                            mapper,
                            row,
                            "out of event-time order: " + m.transaction().getEventTime() + " is before "
                                    + Instant.ofEpochMilli(lastTime)
                                    + " of an earlier row (--sorted was given; replay without it to sort in memory)",
                            counts);
                } else if (!options.inRange(m.eventTimeMillis())) {
                    lastTime = m.eventTimeMillis();
                    counts.skipped.incrementAndGet();
                } else {
                    lastTime = m.eventTimeMillis();
                    selected++;
                    next = m;
                }
            }
            return next != null;
        }

        @Override
        public MappedRow next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            MappedRow m = next;
            next = null;
            return m;
        }
    }

    /**
     * Runs an iterator in a background thread, handing its elements over in batches through a bounded queue, so that
     * reading and mapping a streamed source overlap with producing. Errors of the background thread surface in
     * {@link #hasNext()}.
     */
    private static final class Prefetch implements java.util.Iterator<MappedRow>, AutoCloseable {
        private static final List<MappedRow> END = List.of();
        private final java.util.concurrent.BlockingQueue<List<MappedRow>> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(16);
        private final AtomicReference<RuntimeException> error = new AtomicReference<>();
        private final Thread thread;
        private java.util.Iterator<MappedRow> current = java.util.Collections.emptyIterator();
        private boolean ended;

        Prefetch(java.util.Iterator<MappedRow> source) {
            thread = Thread.ofPlatform().daemon().name("replay-read").start(() -> {
                try {
                    List<MappedRow> batch = new ArrayList<>(BATCH);
                    while (source.hasNext()) {
                        batch.add(source.next());
                        if (batch.size() == BATCH) {
                            queue.put(batch);
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                    queue.put(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    error.set(e);
                }
                try {
                    queue.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && !ended) {
                try {
                    List<MappedRow> batch = queue.take();
                    if (batch == END) {
                        ended = true;
                    } else {
                        current = batch.iterator();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("replay interrupted", e);
                }
            }
            if (ended && error.get() != null) {
                throw error.get();
            }
            return current.hasNext();
        }

        @Override
        public MappedRow next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return current.next();
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** Rows within [from, to), at most limit of them; input and output in event-time order. */
    List<MappedRow> select(List<MappedRow> sorted) {
        List<MappedRow> out = new ArrayList<>(sorted.size());
        for (MappedRow r : sorted) {
            if (options.limit() >= 0 && out.size() >= options.limit()) {
                break;
            }
            if (options.inRange(r.eventTimeMillis())) {
                out.add(r);
            }
        }
        return out;
    }

    private void produce(java.util.Iterator<MappedRow> rows, long total) {
        Pacer pacer = options.pacer();
        try (ProgressReporter bar = progress("replay", "tx", total)) {
            EventTimeMerge events = new EventTimeMerge(rows);
            Instant ingestTime = Instant.now();
            long n = 0;
            while (events.hasNext()) {
                ReplayEvent event = events.next();
                pace(pacer, event.timeMillis());
                switch (event) {
                    case ReplayEvent.TransactionEvent t -> {
                        if ((++n & 1023) == 0) {
                            ingestTime = Instant.now();
                        }
                        Transaction tx = t.transaction();
                        tx.setIngestTime(pacer.unpaced() ? ingestTime : Instant.now());
                        acks.track(publisher.transaction(tx), produced);
                        bar.step(1);
                    }
                    case ReplayEvent.LabelEvent l -> acks.track(publisher.label(l.label()), labels);
                }
            }
        }
    }

    private static void pace(Pacer pacer, long eventMillis) {
        long wait = pacer.waitNanos(eventMillis, System.nanoTime());
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("replay interrupted", e);
            }
        }
    }

    private ProgressReporter progress(String task, String unit, long total) {
        return options.progress()
                ? ProgressReporter.create(task, unit, total, options.progressInterval())
                : ProgressReporter.none();
    }
}
