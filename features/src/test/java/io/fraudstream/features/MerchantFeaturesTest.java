package io.fraudstream.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.features.state.Hash64;
import io.fraudstream.features.state.MerchantHistory;
import io.fraudstream.schemas.avro.Channel;
import io.fraudstream.schemas.avro.EntryMode;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.avro.TransactionFeatures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/** The merchant-stage definitions: merchant features from the merchant's history, terminal features from the terminal's. */
class MerchantFeaturesTest {

    private static final long T = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long D = FeatureSet.LABEL_DELAY.toMillis();
    private static final List<String> TERMINAL_FEATURES = List.of(
            "terminalTxnCount1d",
            "terminalTxnCount7d",
            "terminalTxnCount30d",
            "terminalFraudShareDelayed1d",
            "terminalFraudShareDelayed7d",
            "terminalFraudShareDelayed30d",
            "terminalFraudLabels1d",
            "terminalFraudLabels7d");

    /** A record with every field at its schema default, of the current version. */
    private static TransactionFeatures blank() {
        TransactionFeatures f = new TransactionFeatures();
        for (Schema.Field field : TransactionFeatures.getClassSchema().getFields()) {
            if (field.hasDefaultValue()) {
                f.put(field.pos(), SpecificData.get().getDefaultValue(field));
            }
        }
        f.setTransaction(Transaction.newBuilder()
                .setTransactionId("t1")
                .setCardToken("c1")
                .setMerchantId("m1")
                .setAmountMinor(100)
                .setCurrency("EUR")
                .setEventTime(Instant.ofEpochMilli(T))
                .setChannel(Channel.POS)
                .setEntryMode(EntryMode.CHIP)
                .build());
        f.setFeatureSetVersion(FeatureSet.VERSION);
        f.setEventTime(Instant.ofEpochMilli(T));
        return f;
    }

    @Test
    void shouldDefineTheTerminalFeaturesAsOptionalPartsOfTheFeatureSet() {
        assertThat(FeatureSet.names()).containsSubsequence(TERMINAL_FEATURES);
        assertThat(TERMINAL_FEATURES)
                .allSatisfy(n -> assertThat(FeatureSet.byName(n)).hasValueSatisfying(d -> {
                    assertThat(d.nullable())
                            .as("%s is missing without a terminal id", n)
                            .isTrue();
                    assertThat(d.imputed()).isZero();
                    assertThat(d.doc()).contains("terminal");
                }));
        assertThat(FeatureVector.featureNames())
                .contains("terminalTxnCount30d.missing", "terminalFraudLabels7d.missing");
    }

    @Test
    void shouldTakeTerminalFeaturesFromTheTerminalsHistoryAndLeaveThemMissingWithoutOne() {
        // Given a merchant with 3 transactions, 2 of them (one labelled FRAUD) at the terminal, in the delayed window
        MerchantHistory merchant = MerchantHistory.empty();
        MerchantHistory terminal = MerchantHistory.empty();
        for (long at : new long[] {T - D - 3_000, T - D - 2_000}) {
            merchant.addTransaction(at);
            terminal.addTransaction(at);
        }
        merchant.addTransaction(T - D - 1_000);
        merchant.addLabel(T - D - 3_000, T - DAY / 2, Hash64.of("a"), true);
        terminal.addLabel(T - D - 3_000, T - DAY / 2, Hash64.of("a"), true);
        merchant.addTransaction(T);
        terminal.addTransaction(T);
        FeatureSet.Writer<MerchantInputs> writer = FeatureSet.writer(MerchantFeatures.definitions());

        // When the transaction at T has the terminal
        TransactionFeatures at = blank();
        writer.computeInto(at, new MerchantInputs(merchant.snapshot(T, D), terminal.snapshot(T, D)));
        // Then
        assertThat(at.getMerchantTxnCount30d()).isEqualTo(4);
        assertThat(at.getTerminalTxnCount30d()).isEqualTo(3);
        assertThat(at.getMerchantFraudShareDelayed1d()).isEqualTo(1.0 / 3);
        assertThat(at.getTerminalFraudShareDelayed1d()).isEqualTo(0.5);
        assertThat(at.getTerminalFraudLabels1d()).isEqualTo(1);
        assertThat(FeatureVector.of(at).get("terminalTxnCount30d.missing")).isZero();

        // When it has none
        TransactionFeatures none = blank();
        writer.computeInto(none, new MerchantInputs(merchant.snapshot(T, D), null));
        // Then every terminal feature is missing: imputed 0, indicator 1
        assertThat(none.getMerchantTxnCount30d()).isEqualTo(4);
        FeatureVector v = FeatureVector.of(none);
        assertThat(TERMINAL_FEATURES).allSatisfy(n -> {
            assertThat(none.get(n)).as(n).isNull();
            assertThat(v.get(n)).as(n).isZero();
            assertThat(v.get(n + FeatureVector.MISSING_SUFFIX)).as(n).isEqualTo(1.0);
        });
    }
}
