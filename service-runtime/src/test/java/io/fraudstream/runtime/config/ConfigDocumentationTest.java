package io.fraudstream.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigDocumentationTest {

    @Test
    void shouldDocumentEveryDeclaredKey() {
        ConfigDef def = RuntimeConfig.baseDefinition();

        assertThat(def.configKeys().values())
                .isNotEmpty()
                .allSatisfy(key -> assertThat(key.documentation)
                        .as("documentation of %s", key.name)
                        .isNotBlank());
    }

    @Test
    void shouldDescribeEveryKeyWithTypeDefaultAndVariable() {
        String text = ConfigDocumentation.describe(RuntimeConfig.baseDefinition());

        for (String key : RuntimeConfig.baseDefinition().names()) {
            assertThat(text).contains("\n" + key + "\n").contains(EnvironmentNames.variableFor(key));
        }
        assertThat(text)
                .contains("type: list    default: (required)")
                .contains("type: int    default: 0")
                .contains("default: SHUTDOWN_CLIENT")
                .contains("Partition count of the transactions.raw topic");
    }

    @Test
    void shouldDescribeEveryValidatorOfTheSharedKeys() {
        assertThat(ConfigDocumentation.undescribedValidators(RuntimeConfig.baseDefinition()))
                .isEmpty();
    }

    @Test
    void shouldFindAValidatorThatPrintsAsAClassName() {
        ConfigDef.Validator lambda = (name, value) -> {};
        ConfigDef def = new ConfigDef()
                .define("plain.lambda", ConfigDef.Type.INT, 1, lambda, ConfigDef.Importance.LOW, "doc")
                .define(
                        "wrapped.lambda",
                        ConfigDef.Type.INT,
                        1,
                        Validators.nullOr(lambda),
                        ConfigDef.Importance.LOW,
                        "doc")
                .define(
                        "described",
                        ConfigDef.Type.INT,
                        1,
                        Validators.describedAs("odd", (name, value) -> {}),
                        ConfigDef.Importance.LOW,
                        "doc")
                .define(
                        "kafka.range",
                        ConfigDef.Type.INT,
                        1,
                        ConfigDef.Range.atLeast(0),
                        ConfigDef.Importance.LOW,
                        "doc");

        assertThat(ConfigDocumentation.undescribedValidators(def)).containsExactly("plain.lambda", "wrapped.lambda");
        assertThat(ConfigDocumentation.describe(def)).contains("valid: odd");
    }
}
