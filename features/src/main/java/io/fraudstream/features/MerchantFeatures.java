package io.fraudstream.features;

import java.util.ArrayList;
import java.util.List;

import static io.fraudstream.features.FeatureDefinition.of;
import static io.fraudstream.features.FeatureDefinition.optional;
import static io.fraudstream.features.FeatureType.DOUBLE;
import static io.fraudstream.features.FeatureType.INT;

/**
 * The features computed by the merchant stage (partitioned by merchant id): transaction counts, fraud shares over
 * windows shifted by the label delay (whose labels are due by the transaction's time), and fraud labels received
 * recently; then the same per terminal (merchant id and terminal id), missing for transactions without a terminal id.
 * The terminal features see the labels that carry a {@code terminalId}; a label without one counts only for its
 * merchant. Part of {@link FeatureSet}.
 */
public final class MerchantFeatures {

    private static final List<FeatureDefinition<MerchantInputs>> DEFINITIONS = build();

    private MerchantFeatures() {
    }

    /** The merchant-stage features, in vector order. */
    public static List<FeatureDefinition<MerchantInputs>> definitions() {
        return DEFINITIONS;
    }

    private static List<FeatureDefinition<MerchantInputs>> build() {
        List<FeatureDefinition<MerchantInputs>> d = new ArrayList<>();
        for (MerchantWindow w : MerchantWindow.values()) {
            d.add(of("merchantTxnCount" + w.suffix(), INT,
                    "Merchant transactions with event time in (t - " + w.suffix() + ", t), plus this one (others of the same"
                            + " millisecond are not counted, so ties cannot depend on arrival order).",
                    in -> in.snapshot().count(w)));
        }
        for (MerchantWindow w : MerchantWindow.values()) {
            d.add(optional("merchantFraudShareDelayed" + w.suffix(), DOUBLE, 0.0,
                    "Fraud share of the merchant's transactions in (t - d - " + w.suffix() + ", t - d], d = the label delay ("
                            + FeatureSet.LABEL_DELAY.toDays() + " days): those known FRAUD by labels with labelTime < t, divided"
                            + " by the transactions of that window (capped at 1); missing when the window has none: 0.",
                    in -> in.snapshot().fraudShareDelayed(w)));
        }
        for (MerchantWindow w : List.of(MerchantWindow.D1, MerchantWindow.D7)) {
            d.add(of("merchantFraudLabels" + w.suffix(), INT,
                    "FRAUD labels the merchant received (labelTime) in [t - " + w.suffix() + ", t).",
                    in -> in.snapshot().fraudLabels(w)));
        }
        for (MerchantWindow w : MerchantWindow.values()) {
            d.add(optional("terminalTxnCount" + w.suffix(), INT, 0.0,
                    "Transactions at the terminal (merchant id and terminal id: terminal ids are unique only within a"
                            + " merchant) with event time in (t - " + w.suffix() + ", t), plus this one (others of the same"
                            + " millisecond are not counted); missing when the transaction has no terminal id: 0.",
                    in -> in.terminal() == null ? null : in.terminal().count(w)));
        }
        for (MerchantWindow w : MerchantWindow.values()) {
            d.add(optional("terminalFraudShareDelayed" + w.suffix(), DOUBLE, 0.0,
                    "Fraud share of the terminal's transactions in (t - d - " + w.suffix() + ", t - d], d = the label delay ("
                            + FeatureSet.LABEL_DELAY.toDays() + " days): those known FRAUD by labels with labelTime < t that"
                            + " carry the terminal id (labels without one only count for the merchant), divided by the"
                            + " terminal's transactions of that window (capped at 1); missing when the window has none or the"
                            + " transaction has no terminal id: 0.",
                    in -> in.terminal() == null ? null : in.terminal().fraudShareDelayed(w)));
        }
        for (MerchantWindow w : List.of(MerchantWindow.D1, MerchantWindow.D7)) {
            d.add(optional("terminalFraudLabels" + w.suffix(), INT, 0.0,
                    "FRAUD labels carrying the terminal id that its merchant received (labelTime) in [t - " + w.suffix()
                            + ", t); missing when the transaction has no terminal id: 0.",
                    in -> in.terminal() == null ? null : in.terminal().fraudLabels(w)));
        }
        return List.copyOf(d);
    }
}
