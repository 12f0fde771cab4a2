package io.fraudstream.scoring.model;

import io.fraudstream.models.ServingModel;
import java.util.Optional;

/**
 * The models in service at one instant: an immutable snapshot, replaced as a whole on every swap, so a scoring call
 * that read it uses one consistent pair.
 *
 * @param champion   decides; empty until a valid champion arrives (rules-only decisions meanwhile)
 * @param challenger scored in shadow, never decides; empty when none
 */
public record ServingModels(Optional<ServingModel> champion, Optional<ServingModel> challenger) {

    /** No model at all. */
    public static final ServingModels NONE = new ServingModels(Optional.empty(), Optional.empty());

    /** This snapshot with {@code model} as champion. */
    public ServingModels withChampion(ServingModel model) {
        return new ServingModels(Optional.of(model), challenger);
    }

    /** This snapshot with {@code model} as challenger. */
    public ServingModels withChallenger(ServingModel model) {
        return new ServingModels(champion, Optional.of(model));
    }

    /** This snapshot without a challenger. */
    public ServingModels withoutChallenger() {
        return new ServingModels(champion, Optional.empty());
    }
}
