package io.fraudstream.scoring.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.schemas.avro.Decision;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesTest {

    private static TransactionFeatures txn(
            String card, String merchant, String mcc, long amountBase, Double speed, Double km) {
        Transaction t = new Transaction();
        t.setCardToken(card);
        t.setMerchantId(merchant);
        t.setMerchantCategoryCode(mcc);
        TransactionFeatures f = new TransactionFeatures();
        f.setTransaction(t);
        f.setFeatureSetVersion(FeatureSet.VERSION);
        f.setAmountBaseMinor(amountBase);
        f.setSpeedFromPrevKmh(speed);
        f.setDistanceFromPrevKm(km);
        return f;
    }

    private final Rules rules = new Rules(new RuleSettings(
            Set.of("bad-card"),
            Set.of("bad-shop"),
            Map.of("5411", 10_000L, RuleSettings.ANY_CATEGORY, 100_000L),
            1000,
            100));

    @Test
    void shouldFireNothingForAnOrdinaryTransaction() {
        assertThat(rules.evaluate(txn("card", "shop", "5411", 500, 50.0, 10.0))).isEmpty();
        assertThat(Rules.floor(rules.evaluate(txn("card", "shop", "5411", 500, null, null))))
                .isEqualTo(Decision.APPROVE);
    }

    @Test
    void shouldListHitsInTheDocumentedOrderWithTheStrongestAsFloor() {
        var hits = rules.evaluate(txn("bad-card", "bad-shop", "5411", 20_000, 5000.0, 900.0));
        assertThat(hits)
                .extracting(RuleHit::name)
                .containsExactly(Rules.DENY_CARD, Rules.DENY_MERCHANT, "amount_cap:5411", Rules.IMPOSSIBLE_TRAVEL);
        assertThat(Rules.floor(hits)).isEqualTo(Decision.DECLINE);
    }

    @Test
    void shouldUseTheAnyCategoryCapForCategoriesWithoutTheirOwn() {
        assertThat(rules.evaluate(txn("card", "shop", "7995", 100_001, null, null)))
                .extracting(RuleHit::name)
                .containsExactly("amount_cap:*");
        assertThat(rules.evaluate(txn("card", "shop", null, 100_000, null, null)))
                .isEmpty();
    }

    @Test
    void shouldIgnoreHighSpeedsOverShortDistances() {
        assertThat(rules.evaluate(txn("card", "shop", "5411", 1, 9000.0, 5.0))).isEmpty();
        assertThat(rules.evaluate(txn("card", "shop", "5411", 1, 1200.0, 300.0)))
                .extracting(RuleHit::decision)
                .containsExactly(Decision.REVIEW);
    }
}
