package io.fraudstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.trainer.train.Imbalance;
import io.fraudstream.trainer.train.XGBoostCandidate;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

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

        assertThat(help)
                .contains(TrainerConfig.REFIT_FULL_WINDOW + "\n    type: boolean    default: true")
                .contains("FRAUDSTREAM_TRAINER_REFIT_FULL_WINDOW");
        assertThat(TrainerConfig.definition().configKeys().values())
                .allSatisfy(k -> assertThat(k.documentation).as(k.name).isNotBlank());
    }

    @Test
    void shouldChooseTheTreeCountByEarlyStoppingByDefault() {
        TrainerConfig cfg = new TrainerConfig(MINIMAL);

        XGBoostCandidate xgb = (XGBoostCandidate) cfg.candidates().stream()
                .filter(c -> c.name().equals("xgboost"))
                .findFirst()
                .orElseThrow();
        assertThat(xgb.stopsEarly()).isTrue();
        assertThat(xgb.maxRounds()).isEqualTo(300);
        assertThat(xgb.patience()).isEqualTo(30);
        assertThat(cfg.imbalances()).containsExactly(cfg.imbalance());
    }

    @Test
    void shouldParseTheWiderGrid() {
        Map<String, String> props = new java.util.HashMap<>(MINIMAL);
        props.put(TrainerConfig.CANDIDATES, "xgboost");
        props.put(TrainerConfig.XGBOOST_MAX_TREES, "500");
        props.put(TrainerConfig.XGBOOST_EARLY_STOPPING_ROUNDS, "40");
        props.put(TrainerConfig.XGBOOST_MAX_DEPTHS, "4,6,8");
        props.put(TrainerConfig.XGBOOST_ETAS, "0.05,0.1");
        props.put(TrainerConfig.XGBOOST_MIN_CHILD_WEIGHTS, "0, 1,5");
        props.put(TrainerConfig.IMBALANCE_FRAUD_WEIGHTS, "1,0,10");

        TrainerConfig cfg = new TrainerConfig(props);

        XGBoostCandidate xgb = (XGBoostCandidate) cfg.candidates().get(0);
        assertThat(xgb.maxRounds()).isEqualTo(500);
        assertThat(xgb.patience()).isEqualTo(40);
        assertThat(xgb.grid()).hasSize(18);
        assertThat(xgb.grid()).extracting(p -> p.get("minChildWeight")).containsOnly(0.0, 1.0, 5.0);
        assertThat(cfg.imbalances()).extracting(Imbalance::fraudWeight).containsExactly(1.0, 0.0, 10.0);
        assertThat(cfg.imbalances()).extracting(Imbalance::mode).containsOnly(Imbalance.Mode.WEIGHT);
    }

    @Test
    void shouldSearchAFixedTreeGridWithoutEarlyStopping() {
        Map<String, String> props = new java.util.HashMap<>(MINIMAL);
        props.put(TrainerConfig.XGBOOST_EARLY_STOPPING_ROUNDS, "0");
        props.put(TrainerConfig.XGBOOST_TREES, "50,150");

        XGBoostCandidate xgb = (XGBoostCandidate) new TrainerConfig(props)
                .candidates().stream()
                        .filter(c -> c.name().equals("xgboost"))
                        .findFirst()
                        .orElseThrow();

        assertThat(xgb.stopsEarly()).isFalse();
        assertThat(xgb.grid()).extracting(p -> p.getInt("trees")).containsOnly(50, 150);
    }

    @Test
    void shouldRejectBadValuesOfTheNewKeys() {
        assertThatThrownBy(() -> new TrainerConfig(with(TrainerConfig.XGBOOST_MIN_CHILD_WEIGHTS, "-1")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new TrainerConfig(with(TrainerConfig.XGBOOST_MAX_TREES, "0")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new TrainerConfig(with(TrainerConfig.IMBALANCE_FRAUD_WEIGHTS, "1,1")))
                .isInstanceOf(ConfigException.class);
        Map<String, String> undersample = with(TrainerConfig.IMBALANCE_FRAUD_WEIGHTS, "1,5");
        undersample.put(TrainerConfig.IMBALANCE, "undersample");
        assertThatThrownBy(() -> new TrainerConfig(undersample))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("weight");
        Map<String, String> both = with(TrainerConfig.IMBALANCE_FRAUD_WEIGHTS, "1,5");
        both.put(TrainerConfig.IMBALANCE_FRAUD_WEIGHT, "3");
        assertThatThrownBy(() -> new TrainerConfig(both)).isInstanceOf(ConfigException.class);
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> props = new java.util.HashMap<>(MINIMAL);
        props.put(key, value);
        return props;
    }
}
