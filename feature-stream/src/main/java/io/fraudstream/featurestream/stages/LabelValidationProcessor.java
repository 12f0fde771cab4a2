package io.fraudstream.featurestream.stages;

import io.fraudstream.featurestream.FeatureSettings;
import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.cleaning.LabelValidator;
import io.fraudstream.featurestream.cleaning.RecordLimits;
import io.fraudstream.featurestream.cleaning.Rejection;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.serde.Sourced;
import io.fraudstream.schemas.topics.TraceHeaders;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Checks each label's size ({@link RecordLimits}) and validates it ({@link LabelValidator}, with the transactions'
 * event-time bounds); a rejected one becomes a {@link DeadLetter} with the bytes the producer wrote.
 */
public final class LabelValidationProcessor
        implements FixedKeyProcessor<String, Sourced<FraudLabel>, Checked<FraudLabel>> {

    private final FeatureSettings settings;
    private final FeatureStreamMetrics metrics;
    private FixedKeyProcessorContext<String, Checked<FraudLabel>> context;

    public LabelValidationProcessor(FeatureSettings settings, FeatureStreamMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked<FraudLabel>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Sourced<FraudLabel>> record) {
        Sourced<FraudLabel> in = record.value();
        FraudLabel label = in == null ? null : in.value();
        Instant now = settings.clock().instant();
        Optional<Rejection> rejection = RecordLimits.check(in == null ? null : in.bytes(), record.headers())
                .or(() -> label == null ? Optional.empty() : RecordLimits.checkFields(label))
                .or(() ->
                        LabelValidator.check(label, settings.earliestEventTime(), now.plus(settings.maxFutureSkew())));
        if (rejection.isEmpty()) {
            label.setMerchantId(label.getMerchantId().trim());
            label.setTerminalId(trimToNull(label.getTerminalId())); // as the cleaner does for transactions
            context.forward(
                    record.withValue(Checked.passed(label)).withHeaders(TraceHeaders.retainTrace(record.headers())));
            return;
        }
        DeadLetter letter = DeadLetterStages.letter(
                DeadLetterStages.VALIDATE_LABEL, rejection.get(), context.recordMetadata(), record, now);
        metrics.deadLetter(DeadLetterStages.VALIDATE_LABEL, rejection.get().kind());
        context.forward(record.withValue(Checked.rejected(letter)));
    }

    private static String trimToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
