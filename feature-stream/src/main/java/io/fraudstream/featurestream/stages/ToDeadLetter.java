package io.fraudstream.featurestream.stages;

import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.dlq.DeadLetters;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a rejected record into the dead-letter topic's record: key = the original key bytes, value = the
 * {@link DeadLetter}, timestamp = the processing time ({@code failedAt}), no headers (the original headers are a field
 * of the letter). Neither the source's timestamp nor its headers, which a producer controls, reach the broker, so it
 * cannot refuse the dead letter for them.
 *
 * @param <T> the type of the records checked
 */
public final class ToDeadLetter<T> implements Processor<String, Checked<T>, byte[], DeadLetter> {

    private ProcessorContext<byte[], DeadLetter> context;

    @Override
    public void init(ProcessorContext<byte[], DeadLetter> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Checked<T>> record) {
        DeadLetter letter = record.value().deadLetter();
        context.forward(new Record<>(DeadLetters.recordKey(letter), letter, DeadLetters.recordTimestamp(letter)));
    }
}
