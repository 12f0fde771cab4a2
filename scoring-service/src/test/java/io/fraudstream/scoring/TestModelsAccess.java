package io.fraudstream.scoring;

import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.avro.ModelSlot;
import io.fraudstream.schemas.model.ModelSignature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

/** Public door to {@link TestModels} for tests in sub-packages. */
public final class TestModelsAccess {
    private TestModelsAccess() {
    }

    public static ModelSignature signer() { return TestModels.SIGNER; }
    public static Model<Label> logistic() { return TestModels.logistic(); }
    public static Model<Label> xgboost() { return TestModels.xgboost(); }
    public static MutableDataset<Label> data(int n) { return TestModels.data(n); }
    public static ModelRecord signed(Model<Label> m, ModelSlot slot) { return TestModels.signed(m, "m", 1, slot); }
}
