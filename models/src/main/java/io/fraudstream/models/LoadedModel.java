package io.fraudstream.models;

import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * A record that passed {@link ModelLoader#loadWithModel}: the serving model and the Tribuo model it was built from,
 * for callers that evaluate with Tribuo itself (the trainer's champion gate). {@link #close()} closes the serving
 * model's scorer.
 *
 * @param model   the deserialized, validated classification model
 * @param serving the same model ready to score as the scoring service serves it
 */
public record LoadedModel(Model<Label> model, ServingModel serving) implements AutoCloseable {

    @Override
    public void close() {
        serving.scorer().close();
    }
}
