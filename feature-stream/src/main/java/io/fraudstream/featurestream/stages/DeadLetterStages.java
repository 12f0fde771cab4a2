package io.fraudstream.featurestream.stages;

import io.fraudstream.featurestream.cleaning.Rejection;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.dlq.DeadLetters;
import io.fraudstream.schemas.serde.Sourced;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The {@code DeadLetter.stage} values the feature stream writes, and the dead letter of a record a validation stage
 * rejected (built by {@link DeadLetters}, the one builder of dead letters).
 */
public final class DeadLetterStages {

    /** The service name: prefix of every stage, and of the exception handler's stages. */
    public static final String SERVICE = "feature-stream";
    /** The raw transaction (or label, or reference record) could not be deserialized. */
    public static final String DESERIALIZE = SERVICE + ".deserialize";
    /** The transaction failed validation. */
    public static final String VALIDATE = SERVICE + ".validate";
    /** The label failed validation. */
    public static final String VALIDATE_LABEL = SERVICE + ".validate-label";
    /** A processor threw; the suffix names the processor. */
    public static final String PROCESS = SERVICE + ".process";

    private DeadLetterStages() {}

    /**
     * The dead letter of {@code record}, rejected by {@code stage} for {@code r}: the original key and value bytes, the
     * headers, and where the record was read.
     */
    static DeadLetter letter(
            String stage,
            Rejection r,
            Optional<RecordMetadata> meta,
            FixedKeyRecord<String, ? extends Sourced<?>> record,
            Instant now) {
        return DeadLetters.rejected(stage, r.reason())
                .source(
                        meta.map(RecordMetadata::topic).orElse(null),
                                meta.map(RecordMetadata::partition).orElse(-1),
                        meta.map(RecordMetadata::offset).orElse(-1L), record.timestamp())
                .key(record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8))
                .value(record.value() == null ? null : record.value().bytes())
                .headers(record.headers())
                .failedAt(now)
                .build();
    }
}
