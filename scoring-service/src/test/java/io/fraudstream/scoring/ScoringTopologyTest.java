package io.fraudstream.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.models.RejectedModelException;
import io.fraudstream.models.ScoreCalibration;
import io.fraudstream.models.TestModels;
import io.fraudstream.schemas.avro.DecidedBy;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.avro.ReasonCode;
import io.fraudstream.schemas.avro.ScoredTransaction;
import io.fraudstream.schemas.model.ModelSignature;
import io.fraudstream.scoring.rules.RuleSettings;
import io.fraudstream.scoring.rules.Rules;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

class ScoringTopologyTest {

    @Test
    void shouldDecideByRulesAloneAndSaySoWhenNoModelIsInService() {
        RuleSettings rules = new RuleSettings(Set.of("card-denied"), Set.of(), Map.of(), 1000, 100);
        try (ScoringDriver d = new ScoringDriver(ScoringSettings.defaults().withRules(rules))) {
            // Given no model; When an ordinary and a deny-listed transaction arrive
            d.send(Txns.risky("t1", "card-1"));
            d.send(Txns.txn("t2", "card-denied"));
            // Then both are decided by rules only, without model id
            List<ScoredTransaction> out = d.scored.readValuesToList();
            assertThat(out).extracting(ScoredTransaction::getDecidedBy).containsOnly(DecidedBy.RULES_ONLY_NO_MODEL);
            assertThat(out)
                    .extracting(ScoredTransaction::getDecision)
                    .containsExactly(Decision.APPROVE, Decision.DECLINE);
            assertThat(out.get(0).getModelId()).isNull();
            assertThat(out.get(1).getRulesFired()).containsExactly(Rules.DENY_CARD);
            assertThat(d.alerts.readValuesToList())
                    .extracting(ScoredTransaction::getTransactionId)
                    .containsExactly("t2");
        }
    }

    @Test
    void shouldScoreWithAPublishedSignedModelAndAlertOnlyReviewAndDecline() {
        try (ScoringDriver d = new ScoringDriver()) {
            // Given a signed logistic model
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            // When a risky and a safe transaction arrive
            d.send(Txns.risky("risky", "card-1"));
            d.send(Txns.safe("safe", "card-2"));
            // Then both are scored by it; only the risky one is alerted, keyed by card
            List<ScoredTransaction> out = d.scored.readValuesToList();
            assertThat(out).extracting(ScoredTransaction::getModelId).containsOnly("fraud-lr");
            assertThat(out).extracting(ScoredTransaction::getDecidedBy).containsOnly(DecidedBy.MODEL);
            assertThat(out.get(0).getScore()).isGreaterThan(0.9);
            assertThat(out.get(0).getDecision()).isEqualTo(Decision.DECLINE);
            assertThat(out.get(1).getScore()).isLessThan(0.5);
            assertThat(out.get(1).getDecision()).isEqualTo(Decision.APPROVE);
            var alerts = d.alerts.readKeyValuesToList();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).key).isEqualTo("card-1");
            assertThat(alerts.get(0).value.getTransactionId()).isEqualTo("risky");
        }
    }

    @Test
    void shouldGiveReasonsSortedLargestFirstWithTheRiskFeatureOnTop() {
        try (ScoringDriver d = new ScoringDriver()) {
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            d.send(Txns.risky("risky", "card-1"));
            List<ReasonCode> reasons = d.scored.readValue().getReasons();
            assertThat(reasons).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(reasons.get(0).getFeature()).isEqualTo(Txns.RISK_FEATURE);
            assertThat(reasons.get(0).getValue()).isEqualTo(6.0);
            assertThat(reasons)
                    .extracting(ReasonCode::getContribution)
                    .allMatch(c -> c > 0)
                    .isSortedAccordingTo((a, b) -> Double.compare(b, a));
        }
    }

    @Test
    void shouldScoreWithXGBoostAndExplainAlertedEvents() {
        try (ScoringDriver d = new ScoringDriver()) {
            d.publish(TestModels.signed(TestModels.xgboost(), "fraud-xgb", 1));
            d.send(Txns.risky("risky", "card-1"));
            d.send(Txns.safe("safe", "card-2"));
            List<ScoredTransaction> out = d.scored.readValuesToList();
            assertThat(out.get(0).getModelId()).isEqualTo("fraud-xgb");
            assertThat(out.get(0).getScore()).isGreaterThan(0.9);
            assertThat(out.get(0).getReasons())
                    .extracting(ReasonCode::getFeature)
                    .startsWith(Txns.RISK_FEATURE);
            assertThat(out.get(1).getScore()).isLessThan(0.5);
            assertThat(out.get(1).getReasons())
                    .as("approved XGBoost events carry no reasons (SHAP only for alerts)")
                    .isEmpty();
        }
    }

    @Test
    void shouldRejectTamperedUnsignedCorruptAndWrongFeatureModelsWhileThePreviousKeepsServing() {
        try (ScoringDriver d = new ScoringDriver()) {
            // Given version 1 in service
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            // When bad version-2 records arrive
            ModelRecord tampered = TestModels.signed(TestModels.logistic(), "fraud-lr", 2);
            tampered.setDeclineThreshold(0.99);
            d.publish(tampered);
            d.publish(TestModels.record(TestModels.logistic(), "fraud-lr", 2, ModelSlot.CHAMPION)); // unsigned
            ModelRecord corrupt = TestModels.signed(TestModels.logistic(), "fraud-lr", 2);
            corrupt.setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            d.publish(corrupt);
            ModelRecord garbage = TestModels.record(TestModels.logistic(), "fraud-lr", 2, ModelSlot.CHAMPION);
            garbage.setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            d.publish(TestModels.SIGNER.sign(garbage)); // signed, but not a model
            ModelRecord wrongFeatures = TestModels.record(TestModels.logistic(), "fraud-lr", 2, ModelSlot.CHAMPION);
            List<String> names = new ArrayList<>(wrongFeatures.getFeatureNames());
            names.add("featureFromTheFuture");
            wrongFeatures.setFeatureNames(names);
            d.publish(TestModels.SIGNER.sign(wrongFeatures));
            ModelRecord otherKey = ModelSignature.withKey("another-key-another-key-another-key!!")
                    .sign(TestModels.record(TestModels.logistic(), "fraud-lr", 2, ModelSlot.CHAMPION));
            d.publish(otherKey);
            d.modelBytes.pipeInput("champion", new byte[] {0, 0, 0, 0, 9, 9}); // not even Avro
            d.send(Txns.risky("t1", "card-1"));
            // Then all seven were rejected and version 1 still scores
            assertThat(d.metrics.rejectedCount()).isEqualTo(7);
            assertThat(d.metrics.swapCount()).isEqualTo(1);
            ScoredTransaction s = d.scored.readValue();
            assertThat(s.getModelVersion()).isEqualTo(1L);
            assertThat(s.getDecidedBy()).isEqualTo(DecidedBy.MODEL);
        }
    }

    @Test
    void shouldSwapModelsMidStreamScoringEveryEventByTheOldOrTheNew() {
        try (ScoringDriver d = new ScoringDriver()) {
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            for (int i = 0; i < 50; i++) {
                d.send(Txns.risky("a" + i, "card-" + i));
            }
            d.publish(TestModels.signed(TestModels.xgboost(), "fraud-xgb", 2));
            for (int i = 0; i < 50; i++) {
                d.send(Txns.risky("b" + i, "card-" + i));
            }
            List<ScoredTransaction> out = d.scored.readValuesToList();
            assertThat(out).hasSize(100);
            assertThat(out.subList(0, 50))
                    .extracting(ScoredTransaction::getModelVersion)
                    .containsOnly(1L);
            assertThat(out.subList(50, 100))
                    .extracting(ScoredTransaction::getModelVersion)
                    .containsOnly(2L);
            assertThat(out).extracting(ScoredTransaction::getDecidedBy).containsOnly(DecidedBy.MODEL);
        }
    }

    @Test
    void shouldApplyRulesInOrderAsAFloorTheModelCanOnlyRaise() {
        RuleSettings rules =
                new RuleSettings(Set.of("card-denied"), Set.of("merchant-1"), Map.of("5411", 1000L), 1000, 100);
        try (ScoringDriver d = new ScoringDriver(ScoringSettings.defaults().withRules(rules))) {
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            // a safe transaction that trips every rule
            var f = Txns.safe("t1", "card-denied");
            Txns.with(f, "speedFromPrevKmh", 5000.0);
            Txns.with(f, "distanceFromPrevKm", 800.0);
            f.setAmountBaseMinor(250_000L);
            d.send(f);
            ScoredTransaction s = d.scored.readValue();
            assertThat(s.getRulesFired())
                    .containsExactly(Rules.DENY_CARD, Rules.DENY_MERCHANT, "amount_cap:5411", Rules.IMPOSSIBLE_TRAVEL);
            assertThat(s.getDecision()).isEqualTo(Decision.DECLINE);
            assertThat(s.getDecidedBy()).isEqualTo(DecidedBy.RULES);
            assertThat(s.getScore()).as("the model's own score is kept").isLessThan(0.5);
        }
    }

    @Test
    void shouldScoreTheChallengerInShadowWithoutChangingTheDecision() {
        try (ScoringDriver d = new ScoringDriver()) {
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            d.publish(TestModels.signed(TestModels.xgboost(), "fraud-xgb", 7, ModelSlot.CHALLENGER));
            d.send(Txns.safe("t1", "card-1"));
            ScoredTransaction s = d.scored.readValue();
            assertThat(s.getModelVersion()).isEqualTo(1L);
            assertThat(s.getChallengerModelVersion()).isEqualTo(7L);
            assertThat(s.getChallengerScore()).isBetween(0.0, 1.0);
            assertThat(s.getDecision()).isEqualTo(Decision.APPROVE);
        }
    }

    @Test
    void shouldServePlattCalibratedScoresWithTheRawDecisionsWhenTheRecordAsksForCalibration() {
        ScoreCalibration platt = ScoreCalibration.platt(2, -1);
        try (ScoringDriver d = new ScoringDriver()) {
            // Given the logistic model served raw (v1, thresholds 0.5 / 0.9), scoring a range of risks
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            sendRiskRange(d, "raw");
            // When the same model arrives as v2 with Platt a=2, b=-1 and the thresholds mapped through it
            d.publish(TestModels.calibrated(TestModels.logistic(), "fraud-lr", 2, 2, -1));
            sendRiskRange(d, "cal");
            // Then v2 serves the calibrated score of each raw score, with the same decisions and reasons
            List<ScoredTransaction> out = d.scored.readValuesToList();
            List<ScoredTransaction> raw = out.subList(0, RISK_RANGE.length);
            List<ScoredTransaction> calibrated = out.subList(RISK_RANGE.length, out.size());
            assertThat(calibrated)
                    .extracting(ScoredTransaction::getModelVersion)
                    .containsOnly(2L);
            for (int i = 0; i < RISK_RANGE.length; i++) {
                assertThat(calibrated.get(i).getScore())
                        .as("risk %s", RISK_RANGE[i])
                        .isEqualTo(platt.apply(raw.get(i).getScore()))
                        .isNotEqualTo(raw.get(i).getScore());
                assertThat(calibrated.get(i).getReasons())
                        .as("reasons explain the raw score")
                        .isEqualTo(raw.get(i).getReasons());
            }
            assertThat(calibrated)
                    .extracting(ScoredTransaction::getDecision)
                    .isEqualTo(raw.stream().map(ScoredTransaction::getDecision).toList())
                    .contains(Decision.APPROVE, Decision.REVIEW, Decision.DECLINE);
            assertThat(d.metrics.rejectedCount()).isZero();
        }
    }

    @Test
    void shouldServeRawScoresForRecordsWithoutACalibratedScaleEvenIfTheyCarryPlattParameters() {
        try (ScoringDriver d = new ScoringDriver()) {
            // Given a record without Platt parameters (v1), then a record as earlier trainers wrote them: Platt
            // parameters in the metrics, raw-scale thresholds, no score.scale (v2), then one saying raw (v3)
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            d.send(Txns.risky("v1", "card-1"));
            d.publish(TestModels.SIGNER.sign(TestModels.withPlatt(
                    TestModels.record(TestModels.logistic(), "fraud-lr", 2, ModelSlot.CHAMPION), null, 2, -1)));
            d.send(Txns.risky("v2", "card-1"));
            d.publish(TestModels.SIGNER.sign(TestModels.withPlatt(
                    TestModels.record(TestModels.logistic(), "fraud-lr", 3, ModelSlot.CHAMPION),
                    ScoreCalibration.RAW,
                    2,
                    -1)));
            d.send(Txns.risky("v3", "card-1"));
            // Then all three serve the same raw score
            List<ScoredTransaction> out = d.scored.readValuesToList();
            assertThat(out).extracting(ScoredTransaction::getModelVersion).containsExactly(1L, 2L, 3L);
            assertThat(out)
                    .extracting(ScoredTransaction::getScore)
                    .containsOnly(out.get(0).getScore());
            assertThat(d.registry.current().champion().orElseThrow().calibration())
                    .isEqualTo(ScoreCalibration.NONE);
        }
    }

    @Test
    void shouldRejectACalibrationThatCannotBeServedWhileThePreviousModelKeepsServing() {
        try (ScoringDriver d = new ScoringDriver()) {
            // Given v1 in service
            d.publish(TestModels.signed(TestModels.logistic(), "fraud-lr", 1));
            // When records asking for Platt calibration arrive with NaN, infinite, decreasing or missing
            // parameters, or for a scale this service does not know
            d.publish(TestModels.calibrated(TestModels.logistic(), "fraud-lr", 2, Double.NaN, -1));
            d.publish(TestModels.calibrated(TestModels.logistic(), "fraud-lr", 3, 2, Double.NaN));
            d.publish(TestModels.calibrated(TestModels.logistic(), "fraud-lr", 4, Double.POSITIVE_INFINITY, 0));
            d.publish(TestModels.calibrated(TestModels.logistic(), "fraud-lr", 5, -2, 1));
            ModelRecord missing = TestModels.record(TestModels.logistic(), "fraud-lr", 6, ModelSlot.CHAMPION);
            missing.setProvenance(Map.of(ScoreCalibration.SCALE_KEY, ScoreCalibration.PLATT));
            d.publish(TestModels.SIGNER.sign(missing));
            d.publish(TestModels.SIGNER.sign(TestModels.withPlatt(
                    TestModels.record(TestModels.logistic(), "fraud-lr", 7, ModelSlot.CHAMPION), "isotonic", 2, -1)));
            d.send(Txns.risky("t1", "card-1"));
            // Then each was rejected for its calibration, and v1 still scores
            assertThat(d.metrics
                            .registry()
                            .get(ScoringMetrics.REJECTED)
                            .tag("reason", RejectedModelException.Rejection.CALIBRATION.label())
                            .counter()
                            .count())
                    .isEqualTo(6);
            assertThat(d.metrics.swapCount()).isEqualTo(1);
            assertThat(d.scored.readValue().getModelVersion()).isEqualTo(1L);
        }
    }

    /** Risk feature values from safe to risky, spanning the three decisions of the test logistic model. */
    private static final double[] RISK_RANGE = {-1, 0, 1, 2, 2.25, 2.5, 2.625, 2.75, 2.875, 3, 3.25, 3.5, 4, 5, 6};

    private static void sendRiskRange(ScoringDriver d, String prefix) {
        for (int i = 0; i < RISK_RANGE.length; i++) {
            d.send(Txns.with(Txns.txn(prefix + i, "card-" + i), Txns.RISK_FEATURE, RISK_RANGE[i]));
        }
    }

    @Test
    void shouldSendUnreadableAndOtherVersionFeaturesToTheDlqCountInEqualsOutPlusDlq() {
        try (ScoringDriver d = new ScoringDriver()) {
            d.featureBytes.pipeInput("card-1", new byte[] {0, 0, 0, 0, 1, 42});
            var old = Txns.txn("old", "card-2");
            old.setFeatureSetVersion("features-v0");
            d.send(old);
            d.send(Txns.txn("ok", "card-3"));
            assertThat(d.scored.readValuesToList()).hasSize(1);
            var dead = d.dlq.readValuesToList();
            assertThat(dead).hasSize(2);
            assertThat(dead).allSatisfy(l -> assertThat(l.getStage().toString()).isEqualTo(ScoringProcessor.STAGE));
            assertThat(dead.get(1).getReason().toString()).contains("features-v0");
            assertThat(dead.get(1).getSourceOffset()).isEqualTo(1L);
        }
    }

    @Test
    void shouldStampDeadLettersWithTheScoringTimeWhateverTheSourceTimestampAndHeaders() {
        try (ScoringDriver d = new ScoringDriver()) {
            // Given unreadable features from a producer with a far-future timestamp and headers of its own
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            headers.add("x-binary", new byte[] {(byte) 0xff, 0});
            long year2100 = java.time.Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
            d.featureBytes.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(
                    "card-1", new byte[] {0, 0, 0, 0, 1, 42}, headers, year2100));
            // Then the dead letter is timestamped with the scoring time, with no headers, and keeps the source's
            var dead = d.dlq.readRecord();
            assertThat(dead.timestamp())
                    .isEqualTo(Txns.MONDAY_NOON.plusMillis(5).toEpochMilli());
            assertThat(dead.headers().toArray()).isEmpty();
            assertThat(dead.value().getSourceTimestamp().toEpochMilli()).isEqualTo(year2100);
            assertThat(dead.value().getHeaders()).containsKey("x-binary");
            assertThat(dead.value().getValue().array()).containsExactly(0, 0, 0, 0, 1, 42);
        }
    }

    @Test
    void shouldIgnoreAndCountTraceHeadersThatAreNotPlausibleDecimalTimes() {
        try (ScoringDriver d = new ScoringDriver()) {
            var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
            // a decimal time far in the future, once misread as base 36 into year +180,413,923
            headers.add(
                    io.fraudstream.schemas.topics.TraceHeaders.RAW_APPEND_MS,
                    "99999999999999".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            headers.add(
                    io.fraudstream.schemas.topics.TraceHeaders.FEATURES_MS,
                    "zz".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            d.features.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(
                    "card-1", Txns.txn("t", "card-1"), headers, Txns.MONDAY_NOON));
            ScoredTransaction out = d.scored.readValue();
            assertThat(out.getRawAppendTime()).isNull();
            assertThat(out.getFeaturesTime()).isNull();
            assertThat(d.metrics
                            .registry()
                            .get(ScoringMetrics.TRACE_HEADERS_INVALID)
                            .counters())
                    .hasSize(2);
        }
    }

    @Test
    void shouldKeepRecentScoresQueryableByTransactionIdAsTheBytesWrittenToTheScoredTopic() {
        try (ScoringDriver d = new ScoringDriver()) {
            d.send(Txns.txn("t-42", "card-1"));
            WindowStore<String, byte[]> store = d.driver.getWindowStore(ScoringTopology.RECENT_SCORES_STORE);
            RecentScores recent = new RecentScores(
                    d.topics.transactionsScored().valueSerde().deserializer(),
                    d.topics.transactionsScored().name(),
                    java.time.Duration.ofHours(1));
            java.time.Instant now = Txns.MONDAY_NOON.plusSeconds(1);
            assertThat(recent.latest(store, "t-42", now))
                    .hasValueSatisfying(s -> assertThat(s.getTransactionId()).isEqualTo("t-42"));
            assertThat(recent.latest(store, "nope", now)).isEmpty();
            // serialized once: the store holds exactly the record value appended to transactions.scored
            byte[] published = d.driver
                    .createOutputTopic(
                            d.topics.transactionsScored().name(), new StringDeserializer(), new ByteArrayDeserializer())
                    .readValue();
            try (var it = store.backwardFetch("t-42", now.minusSeconds(3600), now)) {
                assertThat(it.next().value).isEqualTo(published);
            }
        }
    }

    @Test
    void shouldCarryTheTimingHeadersIntoTheScoredEventAndMeasureEndToEndLatencyOnlyWhenKnown() {
        try (ScoringDriver d = new ScoringDriver()) {
            // Given a featured event whose raw record was appended 25 ms before scoring (the driver's clock is noon + 5
            // ms)
            long rawAppend = Txns.MONDAY_NOON.toEpochMilli() - 20;
            org.apache.kafka.common.header.internals.RecordHeaders headers =
                    new org.apache.kafka.common.header.internals.RecordHeaders();
            io.fraudstream.schemas.topics.TraceHeaders.put(
                    headers, io.fraudstream.schemas.topics.TraceHeaders.RAW_APPEND_MS, rawAppend);
            io.fraudstream.schemas.topics.TraceHeaders.put(
                    headers, io.fraudstream.schemas.topics.TraceHeaders.FEATURES_MS, rawAppend + 10);
            d.features.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(
                    "card-1", Txns.txn("timed", "card-1"), headers, Txns.MONDAY_NOON));
            // and one from a producer that sent no timing
            d.send(Txns.txn("untimed", "card-2"));
            // Then the first carries both times and is the only one in the latency histogram
            List<org.apache.kafka.streams.test.TestRecord<String, ScoredTransaction>> records =
                    d.scored.readRecordsToList();
            List<ScoredTransaction> out = records.stream()
                    .map(org.apache.kafka.streams.test.TestRecord::value)
                    .toList();
            assertThat(records.get(0).timestamp())
                    .as("output timestamped with the scoring time (retention), not event time")
                    .isEqualTo(Txns.MONDAY_NOON.plusMillis(5).toEpochMilli());
            assertThat(out.get(0).getRawAppendTime().toEpochMilli()).isEqualTo(rawAppend);
            assertThat(out.get(0).getFeaturesTime().toEpochMilli()).isEqualTo(rawAppend + 10);
            assertThat(out.get(1).getRawAppendTime()).isNull();
            io.micrometer.core.instrument.Timer latency =
                    d.metrics.registry().get(ScoringMetrics.LATENCY).timer();
            assertThat(latency.count()).isEqualTo(1);
            assertThat(latency.max(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(25.0);
        }
    }

    @Test
    void shouldNameEveryNodeAndStoreInTheDescription() {
        try (ScoringDriver d = new ScoringDriver()) {
            String description = ScoringTopology.build(
                            d.topics, java.util.Optional.empty(), ScoringSettings.defaults(), d.registry, d.metrics)
                    .describe()
                    .toString();
            assertThat(description)
                    .contains(
                            ScoringTopology.MODELS_LOADER,
                            ScoringTopology.MODELS_STORE,
                            ScoringTopology.SCORE,
                            ScoringTopology.RECENT_SCORES_STORE,
                            ScoringTopology.SCORED_SINK,
                            ScoringTopology.ALERTS_SINK,
                            ScoringTopology.DLQ_SINK);
            assertThat(description).doesNotContain("KSTREAM-");
        }
    }
}
