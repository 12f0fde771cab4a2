package io.fraudstream.trainer;

import io.fraudstream.trainer.publish.ChampionGate;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run is asked to do, beyond configuration.
 *
 * @param input      read labelled rows from this file ({@code .avro} or {@code .csv}) instead of Kafka
 * @param export     write the labelled rows of the window to this file
 * @param exportOnly stop after exporting
 * @param mode       how to publish (gated, forced, as challenger, or a dry run)
 */
public record RunOptions(Optional<Path> input, Optional<Path> export, boolean exportOnly, ChampionGate.Mode mode) {
    public RunOptions {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(mode, "mode");
        if (exportOnly && export.isEmpty()) {
            throw new IllegalArgumentException("export-only needs a file to export to");
        }
    }

    /** Read from Kafka, gated publishing. */
    public static RunOptions defaults() {
        return new RunOptions(Optional.empty(), Optional.empty(), false, ChampionGate.Mode.GATED);
    }
}
