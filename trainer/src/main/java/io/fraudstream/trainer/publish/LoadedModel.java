package io.fraudstream.trainer.publish;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fraudstream.schemas.avro.ModelFormat;
import io.fraudstream.schemas.avro.ModelRecord;
import io.fraudstream.schemas.model.ModelSignature;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A model record checked and deserialized the way the scoring service must do it: signature and digest verified,
 * format {@code TRIBUO_PROTOBUF} (never Java serialization), feature-set version and names as expected, a Tribuo
 * classification model over labels.
 *
 * @param record the record
 * @param model  the deserialized model
 */
public record LoadedModel(ModelRecord record, Model<Label> model) {

    /** Why a record cannot be served. */
    public static final class RejectedModelException extends Exception {
        public RejectedModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Verifies and loads {@code record}.
     *
     * @param signature         the shared key's verifier
     * @param featureSetVersion the feature-set version the caller's features have
     * @param featureNames      the feature names the caller will supply, in order
     * @throws RejectedModelException saying why the record cannot be served
     */
    public static LoadedModel load(ModelRecord record, ModelSignature signature, String featureSetVersion,
                                   List<String> featureNames) throws RejectedModelException {
        ModelSignature.Verification v = signature.verify(record);
        if (!v.valid()) {
            throw new RejectedModelException(describe(record) + " failed verification: " + v.reason(), null);
        }
        if (record.getFormat() != ModelFormat.TRIBUO_PROTOBUF) {
            throw new RejectedModelException(describe(record) + " has format " + record.getFormat() + ", expected TRIBUO_PROTOBUF", null);
        }
        if (!featureSetVersion.equals(record.getFeatureSetVersion())) {
            throw new RejectedModelException(describe(record) + " was trained on feature set " + record.getFeatureSetVersion()
                    + ", the features here are " + featureSetVersion, null);
        }
        if (!featureNames.equals(record.getFeatureNames())) {
            throw new RejectedModelException(describe(record) + " expects features " + record.getFeatureNames()
                    + ", the features here are " + featureNames, null);
        }
        Model<?> model;
        try {
            ByteBuffer bytes = record.getModelBytes().duplicate();
            model = Model.deserialize(ModelProto.parseFrom(bytes));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new RejectedModelException(describe(record) + " could not be deserialized: " + e.getMessage(), e);
        }
        if (!model.validate(Label.class)) {
            throw new RejectedModelException(describe(record) + " is not a classification model", null);
        }
        return new LoadedModel(record, model.castModel(Label.class));
    }

    /** {@code modelId v<version> (<slot>)}. */
    public static String describe(ModelRecord r) {
        return r.getModelId() + " v" + r.getVersion() + " (" + r.getSlot() + ")";
    }
}
