package io.fraudstream.scoring.model;

import io.fraudstream.models.Scorer;
import io.fraudstream.models.ServingModel;
import io.fraudstream.schemas.avro.ModelSlot;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models in service, shared by every stream thread of an instance: one {@link AtomicReference} to an immutable
 * {@link ServingModels}. The global-store thread swaps a new snapshot in; scoring threads read the reference once per
 * event, so every event is scored by the old or the new model, never by neither, and nobody waits.
 *
 * <p>A retired model's scorer is closed after the swap; a scoring call that still held it gets
 * {@link Scorer.RetiredException} and re-reads {@link #current()}.
 */
public final class ModelRegistry {

    private final AtomicReference<ServingModels> current = new AtomicReference<>(ServingModels.NONE);

    /** The snapshot in service now. */
    public ServingModels current() {
        return current.get();
    }

    /**
     * Puts {@code model} in {@code slot} (CHAMPION or CHALLENGER) and closes the model it replaces.
     *
     * @return the replaced model, if any
     */
    public Optional<ServingModel> swap(ModelSlot slot, ServingModel model) {
        ServingModels before = current.getAndUpdate(
                m -> slot == ModelSlot.CHALLENGER ? m.withChallenger(model) : m.withChampion(model));
        Optional<ServingModel> replaced = slot == ModelSlot.CHALLENGER ? before.challenger() : before.champion();
        replaced.filter(r -> r != model).ifPresent(r -> r.scorer().close());
        return replaced;
    }

    /** Removes the challenger (a tombstone on its slot), closing it. */
    public Optional<ServingModel> removeChallenger() {
        ServingModels before = current.getAndUpdate(ServingModels::withoutChallenger);
        before.challenger().ifPresent(r -> r.scorer().close());
        return before.challenger();
    }

    /** The model in {@code slot}, if any. */
    public Optional<ServingModel> inSlot(ModelSlot slot) {
        ServingModels m = current.get();
        return slot == ModelSlot.CHALLENGER ? m.challenger() : m.champion();
    }
}
