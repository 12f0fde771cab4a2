package io.fraudstream.featurestream.stages;

import io.fraudstream.featurestream.FeatureStreamMetrics;
import io.fraudstream.featurestream.cleaning.LabelValidator;
import io.fraudstream.featurestream.cleaning.Rejection;
import io.fraudstream.featurestream.dlq.DeadLetters;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.FraudLabel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/** Validates each label ({@link LabelValidator}); a rejected one becomes a {@link DeadLetter}. */
public final class LabelValidationProcessor implements FixedKeyProcessor<String, FraudLabel, Checked<FraudLabel>> {

    private final Serializer<FraudLabel> serializer;
    private final FeatureStreamMetrics metrics;
    private final Clock clock;
    private FixedKeyProcessorContext<String, Checked<FraudLabel>> context;

    public LabelValidationProcessor(Serializer<FraudLabel> serializer, FeatureStreamMetrics metrics, Clock clock) {
        this.serializer = serializer;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked<FraudLabel>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, FraudLabel> record) {
        Optional<Rejection> rejection = LabelValidator.check(record.value());
        if (rejection.isEmpty()) {
            FraudLabel l = record.value();
            l.setMerchantId(l.getMerchantId().trim());
            context.forward(record.withValue(Checked.passed(l)));
            return;
        }
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        byte[] value = record.value() == null ? null : serializer.serialize(meta.topic(), record.value());
        DeadLetter letter = DeadLetters.of(DeadLetters.STAGE_VALIDATE_LABEL, rejection.get().reason(), null, meta.topic(),
                meta.partition(), meta.offset(), record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                value, record.timestamp(), record.headers(), clock.instant());
        metrics.deadLetter(DeadLetters.STAGE_VALIDATE_LABEL, rejection.get().kind());
        context.forward(record.withValue(Checked.rejected(letter)));
    }
}
