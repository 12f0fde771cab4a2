package io.fraudstream.dashboard;

import io.fraudstream.schemas.avro.DecidedBy;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.ModelFormat;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.avro.ReasonCode;
import io.fraudstream.schemas.avro.ScoredTransaction;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test records: scored transactions and model publications with only what a test cares about spelled out. */
final class Records {

    /** A Tuesday lunchtime, on a whole second. */
    static final Instant T0 = Instant.parse("2025-03-04T12:31:07Z");

    private Records() {}

    /** A transaction scored by model {@code fraud-xgb} v3 at {@link #T0}, decided by the model, in EUR. */
    static ScoredTransaction.Builder scored(String id, Decision decision, double score) {
        return ScoredTransaction.newBuilder()
                .setTransactionId(id)
                .setCardToken("card-" + id)
                .setMerchantId("m-coffee")
                .setAmountMinor(1250)
                .setCurrency("EUR")
                .setEventTime(T0)
                .setScore(score)
                .setDecision(decision)
                .setModelId("fraud-xgb")
                .setModelVersion(3L)
                .setDecidedBy(DecidedBy.MODEL)
                .setReasons(List.of())
                .setRulesFired(List.of())
                .setScoredTime(T0);
    }

    /** An alert with two reasons and one rule. */
    static ScoredTransaction.Builder alert(String id, Decision decision, double score) {
        return scored(id, decision, score)
                .setReasons(List.of(
                        new ReasonCode("card_amount_ratio_30d", 7.5, 0.31),
                        new ReasonCode("merchant_fraud_rate_7d", 0.12, 0.08)))
                .setRulesFired(List.of("impossible_travel"));
    }

    /** A model publication (metadata only: the bytes are not a model). */
    static ModelRecord.Builder model(String id, long version, ModelSlot slot) {
        return ModelRecord.newBuilder()
                .setModelId(id)
                .setVersion(version)
                .setSlot(slot)
                .setAlgorithm("xgboost(trees=200,depth=6)")
                .setFormat(ModelFormat.TRIBUO_PROTOBUF)
                .setModelBytes(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setFeatureSetVersion("v1")
                .setFeatureNames(List.of("amount", "card_amount_ratio_30d"))
                .setReviewThreshold(0.5)
                .setDeclineThreshold(0.8)
                .setMetrics(Map.of("roc_auc", 0.91, "average_precision", 0.42))
                .setTrainingFrom(T0.minusSeconds(86_400 * 30))
                .setTrainingTo(T0.minusSeconds(86_400))
                .setCreatedAt(T0.minusSeconds(3600))
                .setProvenance(Map.of("seed", "42"))
                .setDigestSha256("00");
    }
}
