package io.fraudstream.models;

import io.fraudstream.schemas.avro.ModelRecord;
import org.tribuo.classification.Label;

/**
 * The fixed terms of the model-record contract that the trainer and the scorers must agree on: the output label whose
 * score is the fraud probability, and how a record is named in logs and reports. Slot keys are in {@link ModelSlots},
 * loading and validation in {@link ModelLoader}.
 */
public final class ModelContract {

    /** The output label whose score is the fraud probability; the trainer labels fraud with it. */
    public static final Label FRAUD = new Label("FRAUD");

    private ModelContract() {}

    /** {@code modelId v<version> (<slot>)}. */
    public static String describe(ModelRecord r) {
        return r.getModelId() + " v" + r.getVersion() + " (" + r.getSlot() + ")";
    }
}
