package io.fraudstream.scoring;

import io.fraudstream.features.FeatureVector;
import io.fraudstream.models.Scorer;
import io.fraudstream.models.ServingModel;
import io.fraudstream.schemas.avro.DeadLetter;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ReasonCode;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import io.fraudstream.schemas.dlq.DeadLetters;
import io.fraudstream.schemas.topics.TraceHeaders;
import io.fraudstream.scoring.model.ModelRegistry;
import io.fraudstream.scoring.model.ServingModels;
import io.fraudstream.scoring.rules.RuleHit;
import io.fraudstream.scoring.rules.Rules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Scores one feature record: reads it as its {@link FeatureInput} says (encoded {@code transactions.features} bytes in
 * the standalone service: a record that cannot be read, or whose features are of another feature-set version, goes to
 * the DLQ with the reason and source offset; feature objects in the one-hop application), evaluates the
 * {@link Rules}, scores with the champion of one {@link ModelRegistry} snapshot (and the challenger in shadow),
 * decides ({@link Decider}), attaches reason codes, and forwards the {@link ScoredTransaction} to the scored sink,
 * to the alerts sink when REVIEW or DECLINE, and into the recent-scores store.
 */
final class ScoringProcessor<V> implements Processor<String, V, Object, Object> {

    /** Stage name in dead letters. */
    static final String STAGE = ScoringConfig.SERVICE + ".score";

    private final ScoringTopology.Names names;
    private final FeatureInput<V> input;
    private final Serializer<ScoredTransaction> scoredSerializer;
    private final Serializer<ScoredTransaction> alertSerializer;
    private final Rules rules;
    private final Decider decider;
    private final ModelRegistry registry;
    private final ScoringSettings settings;
    private final ScoringMetrics metrics;
    private ProcessorContext<Object, Object> context;
    private WindowStore<String, byte[]> recent;

    ScoringProcessor(
            ScoringTopology.Names names,
            FeatureInput<V> input,
            Serializer<ScoredTransaction> scoredSerializer,
            Serializer<ScoredTransaction> alertSerializer,
            ModelRegistry registry,
            ScoringSettings settings,
            ScoringMetrics metrics) {
        this.names = names;
        this.input = input;
        this.scoredSerializer = scoredSerializer;
        this.alertSerializer = alertSerializer;
        this.rules = new Rules(settings.rules());
        this.decider = new Decider(settings.reviewThreshold(), settings.declineThreshold());
        this.registry = registry;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.recent = context.getStateStore(ScoringTopology.RECENT_SCORES_STORE);
    }

    @Override
    public void process(Record<String, V> record) {
        TransactionFeatures features;
        FeatureVector vector;
        try {
            features = input.read(names.featuresTopic(), record);
            vector = FeatureVector.of(features);
        } catch (RuntimeException e) {
            if (!(input instanceof FeatureInput.Encoded)) {
                throw e; // a feature object of this application: its processing exception handler dead-letters the
                // source
            }
            deadLetter(record, (byte[]) record.value(), e);
            return;
        }
        ScoredTransaction scored = score(features, vector, record.timestamp());
        long now = settings.clock().millis();
        traceTime(record, TraceHeaders.RAW_APPEND_MS, now)
                .ifPresent(ms -> scored.setRawAppendTime(Instant.ofEpochMilli(ms)));
        traceTime(record, TraceHeaders.FEATURES_MS, now)
                .ifPresent(ms -> scored.setFeaturesTime(Instant.ofEpochMilli(ms)));
        String card = features.getTransaction().getCardToken();
        // timestamped with the scoring time, not the event time: transactions.scored and fraud.alerts keep decisions
        // for a retention period of wall-clock time, which replayed history (event time long past) would otherwise miss
        long scoredAt = scored.getScoredTime().toEpochMilli();
        // serialized once for transactions.scored and the recent-scores store (and its changelog); fraud.alerts has a
        // subject of its own in the registry, so alerts are serialized for it
        byte[] bytes = scoredSerializer.serialize(names.scoredTopic(), scored);
        context.forward(new Record<Object, Object>(card, bytes, scoredAt), ScoringTopology.SCORED_SINK);
        if (scored.getDecision() == Decision.REVIEW || scored.getDecision() == Decision.DECLINE) {
            byte[] alert = alertSerializer.serialize(names.alertsTopic(), scored);
            context.forward(new Record<Object, Object>(card, alert, scoredAt), ScoringTopology.ALERTS_SINK);
        }
        recent.put(scored.getTransactionId(), bytes, scoredAt);
        metrics.scored(scored.getDecision(), scored.getDecidedBy(), scored.getScore());
        if (scored.getRawAppendTime() != null) {
            metrics.endToEndLatency(scored.getScoredTime().toEpochMilli()
                    - scored.getRawAppendTime().toEpochMilli());
        }
    }

    /** A trace header's time if present and plausible; an invalid one is counted and never copied into the output. */
    private OptionalLong traceTime(Record<String, V> record, String header, long now) {
        TraceHeaders.Reading r = TraceHeaders.read(record.headers(), header, now);
        if (r.invalid()) {
            metrics.invalidTraceHeader(header);
        }
        return r.present() ? OptionalLong.of(r.millis()) : OptionalLong.empty();
    }

    /** Scores {@code features}; retries once on a newer snapshot if the model was retired under us. */
    ScoredTransaction score(TransactionFeatures features, FeatureVector vector, long recordTimestamp) {
        try {
            return score(features, vector, registry.current());
        } catch (Scorer.RetiredException e) {
            return score(features, vector, registry.current());
        }
    }

    private ScoredTransaction score(TransactionFeatures features, FeatureVector vector, ServingModels models) {
        List<RuleHit> hits = rules.evaluate(features);
        double[] values = vector.values();
        ScoredTransaction s = base(features);
        s.setRulesFired(hits.stream().map(RuleHit::name).toList());
        Optional<ServingModel> champion = models.champion();
        if (champion.isEmpty()) {
            Decider.Outcome o = decider.rulesOnly(hits);
            apply(s, o);
        } else {
            ServingModel m = champion.get();
            double score = m.score(values); // the served score: calibrated when the record says so
            // reasons explain the raw score (the model's margin), whatever the served scale
            Decider.Outcome o = decider.withModel(m, score, hits);
            apply(s, o);
            s.setModelId(m.modelId());
            s.setModelVersion(m.version());
            boolean alerted = o.decision() == Decision.REVIEW || o.decision() == Decision.DECLINE;
            List<ReasonCode> reasons = m.scorer().reasonsAreCheap() || alerted
                    ? m.scorer().reasons(values, settings.topReasons())
                    : List.of();
            s.setReasons(new ArrayList<>(reasons));
            models.challenger().ifPresent(c -> shadow(s, m, c, values, score));
            metrics.championScored(m, score);
        }
        s.setScoredTime(Instant.ofEpochMilli(settings.clock().millis()));
        return s;
    }

    private void shadow(
            ScoredTransaction s,
            ServingModel champion,
            ServingModel challenger,
            double[] values,
            double championScore) {
        double c;
        try {
            c = challenger.score(values);
        } catch (Scorer.RetiredException e) {
            return; // replaced while scoring: the shadow score is optional
        }
        s.setChallengerScore(c);
        s.setChallengerModelVersion(challenger.version());
        metrics.challenger(
                Math.abs(c - championScore),
                decider.modelDecision(challenger, c) != decider.modelDecision(champion, championScore));
    }

    private static void apply(ScoredTransaction s, Decider.Outcome o) {
        s.setScore(o.score());
        s.setDecision(o.decision());
        s.setDecidedBy(o.decidedBy());
    }

    private static ScoredTransaction base(TransactionFeatures f) {
        Transaction t = f.getTransaction();
        ScoredTransaction s = new ScoredTransaction();
        s.setTransactionId(t.getTransactionId());
        s.setCardToken(t.getCardToken());
        s.setMerchantId(t.getMerchantId());
        s.setAmountMinor(t.getAmountMinor());
        s.setCurrency(t.getCurrency());
        s.setEventTime(t.getEventTime());
        s.setReasons(new ArrayList<>());
        s.setRulesFired(new ArrayList<>());
        return s;
    }

    private void deadLetter(Record<String, V> record, byte[] value, RuntimeException e) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        DeadLetter letter = DeadLetters.rejected(STAGE, DeadLetters.describe(e))
                .error(e)
                .source(
                        meta.map(RecordMetadata::topic).orElse(names.featuresTopic()),
                                meta.map(RecordMetadata::partition).orElse(-1),
                        meta.map(RecordMetadata::offset).orElse(-1L), record.timestamp())
                .key(record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8))
                .value(value)
                .headers(record.headers())
                .failedAt(Instant.ofEpochMilli(settings.clock().millis()))
                .build();
        // stamped with the processing time, no headers: nothing of the source record can make the broker refuse it
        context.forward(
                new Record<Object, Object>(DeadLetters.recordKey(letter), letter, DeadLetters.recordTimestamp(letter)),
                ScoringTopology.DLQ_SINK);
        metrics.deadLetter(STAGE, "unreadable");
    }
}
