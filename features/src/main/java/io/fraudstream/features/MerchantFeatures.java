package io.fraudstream.features;

import java.util.ArrayList;
import java.util.List;

import static io.fraudstream.features.FeatureDefinition.of;
import static io.fraudstream.features.FeatureDefinition.optional;
import static io.fraudstream.features.FeatureType.DOUBLE;
import static io.fraudstream.features.FeatureType.INT;

/**
 * The features computed by the merchant stage (partitioned by merchant id): transaction counts and fraud rates from
 * labels known at the transaction's time. Part of {@link FeatureSet}.
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
            d.add(optional("merchantFraudRate" + w.suffix(), DOUBLE, 0.0,
                    "Merchant transactions in (t - " + w.suffix() + ", t] known FRAUD by labels with labelTime < t,"
                            + " / merchantTxnCount" + w.suffix() + " (capped at 1); missing when no label is known: 0.",
                    in -> in.snapshot().fraudRate(w)));
        }
        return List.copyOf(d);
    }
}
