package io.fraudstream.trainer.data;

import io.fraudstream.schemas.topics.TopicCatalogue;
import java.util.List;
import java.util.Objects;

/**
 * Reads the labelled training data from Kafka: every label of {@code transactions.labels}, then every featured
 * transaction of {@code transactions.features}, each topic up to the end offsets seen when its read starts.
 */
public final class KafkaTrainingData {

    private final TopicCatalogue topics;
    private final KafkaHistoryReader reader;

    public KafkaTrainingData(TopicCatalogue topics, KafkaHistoryReader reader) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * The labelled data and what was read for them.
     *
     * @param data  the labelled rows
     * @param reads the features topic's read, then the labels topic's
     */
    public record Loaded(LabelledData data, List<KafkaHistoryReader.Result> reads) {
        public Loaded {
            Objects.requireNonNull(data, "data");
            reads = List.copyOf(reads);
        }
    }

    /** Reads, joins and labels the transactions of {@code window}. */
    public Loaded load(TimeWindow window, LabelJoin join) {
        var labels = topics.transactionsLabels();
        KafkaHistoryReader.Result labelsRead =
                reader.read(labels.name(), labels.valueSerde().deserializer(), join::offer);
        RowAssembler assembler = new RowAssembler(window, join);
        var features = topics.transactionsFeatures();
        KafkaHistoryReader.Result featuresRead =
                reader.read(features.name(), features.valueSerde().deserializer(), assembler::accept);
        String source = "kafka: " + describe(featuresRead) + ", " + describe(labelsRead);
        return new Loaded(assembler.build(source), List.of(featuresRead, labelsRead));
    }

    private static String describe(KafkaHistoryReader.Result r) {
        return r.topic() + " up to offsets " + r.endOffsets() + " (" + r.records() + " records"
                + (r.undecodable() > 0 ? ", " + r.undecodable() + " undecodable skipped" : "") + ")";
    }
}
