package io.fraudstream.features;

import static io.fraudstream.features.FeatureDefinition.of;
import static io.fraudstream.features.FeatureDefinition.optional;
import static io.fraudstream.features.FeatureType.DOUBLE;
import static io.fraudstream.features.FeatureType.INT;

import java.util.ArrayList;
import java.util.List;

/**
 * The merchant features: transaction counts, fraud shares over windows shifted by the label delay (whose labels are
 * due by then), and fraud labels received recently; then the same per terminal (merchant id and terminal id), missing
 * for transactions without a terminal id. All are taken as of the anchor {@code a = t - lag} (t: the transaction's
 * event time; lag: the feature stream's {@code features.merchant.lag.ms}, default
 * {@link FeatureSet#MERCHANT_LAG}): from merchant state kept off the scoring path, complete up to the anchor, so they
 * are exact and do not include the transaction itself.
 * The terminal features see the labels that carry a {@code terminalId}; a label without one counts only for its
 * merchant. Part of {@link FeatureSet}.
 */
public final class MerchantFeatures {

    private static final List<FeatureDefinition<MerchantInputs>> DEFINITIONS = build();

    private MerchantFeatures() {}

    /** The merchant-stage features, in vector order. */
    public static List<FeatureDefinition<MerchantInputs>> definitions() {
        return DEFINITIONS;
    }

    private static List<FeatureDefinition<MerchantInputs>> build() {
        List<FeatureDefinition<MerchantInputs>> d = new ArrayList<>();
        for (MerchantWindow w : MerchantWindow.values()) {
            d.add(of(
                    "merchantTxnCount" + w.suffix(),
                    INT,
                    "Merchant transactions with event time in (a - " + w.suffix()
                            + ", a], a = t - lag (the merchant lag," + " default " + FeatureSet.MERCHANT_LAG.toSeconds()
                            + " s).",
                    in -> in.snapshot().count(w)));
        }
        for (MerchantWindow w : MerchantWindow.values()) {
            d.add(optional(
                    "merchantFraudShareDelayed" + w.suffix(),
                    DOUBLE,
                    0.0,
                    "Fraud share of the merchant's transactions in (a - d - " + w.suffix()
                            + ", a - d], a = t - lag, d = the"
                            + " label delay (" + FeatureSet.LABEL_DELAY.toDays()
                            + " days): those known FRAUD by labels with"
                            + " labelTime <= a, divided"
                            + " by the transactions of that window (capped at 1); missing when the window has none: 0.",
                    in -> in.snapshot().fraudShareDelayed(w)));
        }
        for (MerchantWindow w : List.of(MerchantWindow.D1, MerchantWindow.D7)) {
            d.add(of(
                    "merchantFraudLabels" + w.suffix(),
                    INT,
                    "FRAUD labels the merchant received (labelTime) in (a - " + w.suffix() + ", a], a = t - lag.",
                    in -> in.snapshot().fraudLabels(w)));
        }
        for (MerchantWindow w : MerchantWindow.values()) {
            d.add(optional(
                    "terminalTxnCount" + w.suffix(),
                    INT,
                    0.0,
                    "Transactions at the terminal (merchant id and terminal id: terminal ids are unique only within a"
                            + " merchant) with event time in (a - " + w.suffix() + ", a], a = t - lag; missing when the"
                            + " transaction has no terminal id: 0.",
                    in -> in.terminal() == null ? null : in.terminal().count(w)));
        }
        for (MerchantWindow w : MerchantWindow.values()) {
            d.add(optional(
                    "terminalFraudShareDelayed" + w.suffix(),
                    DOUBLE,
                    0.0,
                    "Fraud share of the terminal's transactions in (a - d - " + w.suffix()
                            + ", a - d], a = t - lag, d = the"
                            + " label delay (" + FeatureSet.LABEL_DELAY.toDays()
                            + " days): those known FRAUD by labels with"
                            + " labelTime <= a that"
                            + " carry the terminal id (labels without one only count for the merchant), divided by the"
                            + " terminal's transactions of that window (capped at 1); missing when the window has none or the"
                            + " transaction has no terminal id: 0.",
                    in -> in.terminal() == null ? null : in.terminal().fraudShareDelayed(w)));
        }
        for (MerchantWindow w : List.of(MerchantWindow.D1, MerchantWindow.D7)) {
            d.add(optional(
                    "terminalFraudLabels" + w.suffix(),
                    INT,
                    0.0,
                    "FRAUD labels carrying the terminal id that its merchant received (labelTime) in (a - " + w.suffix()
                            + ", a], a = t - lag; missing when the transaction has no terminal id: 0.",
                    in -> in.terminal() == null ? null : in.terminal().fraudLabels(w)));
        }
        return List.copyOf(d);
    }
}
