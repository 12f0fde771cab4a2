package io.fraudstream.featurestream.stages;

import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.cleaning.CleanedTransaction;
import io.fraudstream.featurestream.cleaning.RecordLimits;
import io.fraudstream.featurestream.cleaning.Rejection;
import io.fraudstream.featurestream.cleaning.TransactionCleaner;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.serde.Sourced;
import io.fraudstream.schemas.topics.TraceHeaders;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Checks each raw transaction's size ({@link RecordLimits}), then validates and normalises it
 * ({@link TransactionCleaner}); a rejected one becomes a {@link DeadLetter} with the source topic, partition and offset
 * and the bytes the producer wrote (the raw topic is read as {@link Sourced} values). A valid one goes on with the trace
 * headers only.
 */
public final class CleaningProcessor
        implements FixedKeyProcessor<String, Sourced<Transaction>, Checked<CleanedTransaction>> {

    private final TransactionCleaner cleaner;
    private final FeatureStreamMetrics metrics;
    private final Clock clock;
    private FixedKeyProcessorContext<String, Checked<CleanedTransaction>> context;

    public CleaningProcessor(TransactionCleaner cleaner, FeatureStreamMetrics metrics, Clock clock) {
        this.cleaner = cleaner;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked<CleanedTransaction>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Sourced<Transaction>> record) {
        Sourced<Transaction> in = record.value();
        Transaction tx = in == null ? null : in.value();
        Optional<Rejection> tooLarge = RecordLimits.check(in == null ? null : in.bytes(), record.headers())
                .or(() -> tx == null ? Optional.empty() : RecordLimits.checkFields(tx));
        if (tooLarge.isPresent()) {
            reject(record, tooLarge.get());
            return;
        }
        TransactionCleaner.Outcome outcome = cleaner.clean(record.key(), tx);
        if (outcome.valid()) {
            // only the trace headers go on: nothing else a producer sent is copied into an output
            context.forward(record.withValue(Checked.passed(outcome.cleaned()))
                    .withHeaders(TraceHeaders.retainTrace(record.headers())));
        } else {
            reject(record, outcome.rejection());
        }
    }

    private void reject(FixedKeyRecord<String, Sourced<Transaction>> record, Rejection r) {
        DeadLetter letter = DeadLetterStages.letter(
                DeadLetterStages.VALIDATE, r, context.recordMetadata(), record, clock.instant());
        metrics.deadLetter(DeadLetterStages.VALIDATE, r.kind());
        context.forward(record.withValue(Checked.rejected(letter)));
    }
}
