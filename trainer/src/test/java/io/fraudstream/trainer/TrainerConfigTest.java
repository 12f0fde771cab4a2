package io.fraudstream.trainer;

import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.RuntimeConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerConfigTest {

    private static final Map<String, String> MINIMAL = Map.of(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, "localhost:9092");

    @Test
    void shouldRefitThePublishedModelOnTheWholeWindowByDefault() {
        assertThat(new TrainerConfig(MINIMAL).refitFullWindow()).isTrue();
    }

    @Test
    void shouldKeepTheEvaluatedModelWhenRefitIsTurnedOff() {
        Map<String, String> props = new java.util.HashMap<>(MINIMAL);
        props.put(TrainerConfig.REFIT_FULL_WINDOW, "false");

        assertThat(new TrainerConfig(props).refitFullWindow()).isFalse();
    }

    @Test
    void shouldDocumentTheRefitKeyInHelpConfig() {
        String help = ConfigDocumentation.describe(TrainerConfig.definition());

        assertThat(help).contains(TrainerConfig.REFIT_FULL_WINDOW + "\n    type: boolean    default: true")
                .contains("FRAUDSTREAM_TRAINER_REFIT_FULL_WINDOW");
        assertThat(TrainerConfig.definition().configKeys().values())
                .allSatisfy(k -> assertThat(k.documentation).as(k.name).isNotBlank());
    }
}
