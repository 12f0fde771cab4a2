package io.fraudstream.trainer.publish;

import static io.fraudstream.trainer.publish.ChampionGate.Mode.CHALLENGER;
import static io.fraudstream.trainer.publish.ChampionGate.Mode.DRY_RUN;
import static io.fraudstream.trainer.publish.ChampionGate.Mode.FORCE;
import static io.fraudstream.trainer.publish.ChampionGate.Mode.GATED;
import static io.fraudstream.trainer.publish.ChampionGate.Outcome.NOT_PUBLISHED;
import static io.fraudstream.trainer.publish.ChampionGate.Outcome.PUBLISH_CHALLENGER;
import static io.fraudstream.trainer.publish.ChampionGate.Outcome.PUBLISH_CHAMPION;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ChampionGateTest {

    private static final double MARGIN = 0.01;

    @Test
    void shouldPromoteWhenThereIsNoChampion() {
        assertThat(ChampionGate.decide(GATED, 0.3, OptionalDouble.empty(), "none", MARGIN)
                        .outcome())
                .isEqualTo(PUBLISH_CHAMPION);
    }

    @Test
    void shouldPromoteOnlyWhenBetterByMoreThanTheMargin() {
        assertThat(ChampionGate.decide(GATED, 0.52, OptionalDouble.of(0.5), "v1", MARGIN)
                        .outcome())
                .isEqualTo(PUBLISH_CHAMPION);
        assertThat(ChampionGate.decide(GATED, 0.505, OptionalDouble.of(0.5), "v1", MARGIN)
                        .outcome())
                .isEqualTo(NOT_PUBLISHED);
        assertThat(ChampionGate.decide(GATED, 0.4, OptionalDouble.of(0.5), "v1", MARGIN)
                        .outcome())
                .isEqualTo(NOT_PUBLISHED);
    }

    @Test
    void shouldHonourForceChallengerAndDryRun() {
        OptionalDouble better = OptionalDouble.of(0.9);
        assertThat(ChampionGate.decide(FORCE, 0.1, better, "v1", MARGIN).outcome())
                .isEqualTo(PUBLISH_CHAMPION);
        assertThat(ChampionGate.decide(CHALLENGER, 0.1, better, "v1", MARGIN).outcome())
                .isEqualTo(PUBLISH_CHALLENGER);
        assertThat(ChampionGate.decide(DRY_RUN, 0.99, OptionalDouble.empty(), "none", MARGIN)
                        .outcome())
                .isEqualTo(ChampionGate.Outcome.DRY_RUN);
    }

    @Test
    void shouldSayWhyItRefused() {
        String reason = ChampionGate.decide(GATED, 0.505, OptionalDouble.of(0.5), "v1", MARGIN)
                .reason();

        assertThat(reason).contains("0.5050").contains("0.5000").contains("--challenger");
    }
}
