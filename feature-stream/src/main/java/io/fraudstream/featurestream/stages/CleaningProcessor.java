package io.fraudstream.featurestream.stages;

import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.cleaning.CleanedTransaction;
import io.fraudstream.featurestream.cleaning.Rejection;
import io.fraudstream.featurestream.cleaning.TransactionCleaner;
import io.fraudstream.featurestream.dlq.DeadLetters;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.Transaction;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Validates and normalises each raw transaction ({@link TransactionCleaner}); a rejected one becomes a
 * {@link DeadLetter} with the source topic, partition and offset. The dead letter's value is the record re-encoded
 * with the raw topic's serializer (Kafka Streams does not hand processors the original bytes; the decoded record
 * re-encoded carries the same data).
 */
public final class CleaningProcessor implements FixedKeyProcessor<String, Transaction, Checked<CleanedTransaction>> {

    private final TransactionCleaner cleaner;
    private final Serializer<Transaction> serializer;
    private final FeatureStreamMetrics metrics;
    private final Clock clock;
    private FixedKeyProcessorContext<String, Checked<CleanedTransaction>> context;

    public CleaningProcessor(TransactionCleaner cleaner, Serializer<Transaction> serializer, FeatureStreamMetrics metrics, Clock clock) {
        this.cleaner = cleaner;
        this.serializer = serializer;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked<CleanedTransaction>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Transaction> record) {
        TransactionCleaner.Outcome outcome = cleaner.clean(record.key(), record.value());
        if (outcome.valid()) {
            context.forward(record.withValue(Checked.passed(outcome.cleaned())));
            return;
        }
        Rejection r = outcome.rejection();
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        byte[] value = record.value() == null ? null : serializer.serialize(meta.topic(), record.value());
        DeadLetter letter = DeadLetters.of(DeadLetters.STAGE_VALIDATE, r.reason(), null, meta.topic(), meta.partition(),
                meta.offset(), record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), value,
                record.timestamp(), record.headers(), clock.instant());
        metrics.deadLetter(DeadLetters.STAGE_VALIDATE, r.kind());
        context.forward(record.withValue(Checked.rejected(letter)));
    }
}
