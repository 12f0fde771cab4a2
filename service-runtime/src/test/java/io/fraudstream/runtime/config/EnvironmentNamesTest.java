package io.fraudstream.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvironmentNamesTest {

    @Test
    void shouldMapVariablesToKeys() {
        assertThat(EnvironmentNames.keyFor("FRAUDSTREAM_SCHEMA_REGISTRY_URL")).contains("schema.registry.url");
        assertThat(EnvironmentNames.keyFor("FRAUDSTREAM_TOPICS_TRANSACTIONS_RAW_PARTITIONS"))
                .contains("topics.transactions.raw.partitions");
        assertThat(EnvironmentNames.keyFor("FRAUDSTREAM_FOO__BAR_BAZ")).contains("foo_bar.baz");
    }

    @Test
    void shouldIgnoreVariablesWithoutThePrefix() {
        assertThat(EnvironmentNames.keyFor("HOME")).isEmpty();
        assertThat(EnvironmentNames.keyFor("FRAUDSTREAM_")).isEmpty();
        assertThat(EnvironmentNames.keyFor("XFRAUDSTREAM_HTTP_PORT")).isEmpty();
    }

    @Test
    void shouldMapKeysToVariablesAndBack() {
        for (String key : RuntimeConfig.baseDefinition().names()) {
            assertThat(EnvironmentNames.keyFor(EnvironmentNames.variableFor(key)))
                    .contains(key);
        }
        assertThat(EnvironmentNames.variableFor("foo_bar.baz")).isEqualTo("FRAUDSTREAM_FOO__BAR_BAZ");
    }
}
