package io.fraudstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.CompatibilityLevel;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.registry.SchemaRegistryException;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.CleanupPolicy;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.schemas.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local stack as the other subcommands and services see it: connection file, topics, registry. */
@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    @Test
    void shouldWriteTheConnectionSettingsAsAConfigFile(StackState stack) throws Exception {
        Properties p = new Properties();
        try (var in = java.nio.file.Files.newBufferedReader(StackState.file(stack.workDir()))) {
            p.load(in);
        }
        assertThat(p.getProperty("kafka.bootstrap.servers"))
                .isEqualTo(stack.bootstrapServers())
                .startsWith("127.0.0.1:");
        assertThat(p.getProperty("schema.registry.url"))
                .isEqualTo(stack.registryUrl())
                .startsWith("http://127.0.0.1:")
                .endsWith("/apis/ccompat/v7");
        assertThat(LocalStack.status(stack.workDir()).running()).isTrue();
    }

    @Test
    void shouldCreateEveryTopicOfTheCatalogueAsDeclared(StackState stack) throws Exception {
        try (SchemaRegistryClient registry =
                        SchemaRegistryClient.builder(stack.registryUrl()).build();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            TopicCatalogue catalogue =
                    TopicCatalogue.create(TopicCatalogue.Settings.defaults(), AvroSerdes.create(registry, false));
            List<String> names = catalogue.all().stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> topics =
                    admin.describeTopics(names).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                            .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                            .toList())
                    .all()
                    .get();
            for (TopicSpec<?, ?> spec : catalogue.all()) {
                assertThat(topics.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .as(spec.name())
                        .isEqualTo(spec.cleanupPolicy().configValue());
                if (spec.cleanupPolicy() == CleanupPolicy.DELETE) {
                    assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                            .as(spec.name())
                            .isEqualTo(spec.topicConfigs().get(TopicConfig.RETENTION_MS_CONFIG));
                }
            }
        }
    }

    @Test
    void shouldSetTheRegistryToBackwardCompatibility(StackState stack) {
        try (SchemaRegistryClient registry =
                SchemaRegistryClient.builder(stack.registryUrl()).build()) {
            assertThat(registry.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        }
    }

    @Test
    void shouldRoundTripATransactionInTheConfluentWireFormat(StackState stack) throws Exception {
        new RoundTripScenario(stack.bootstrapServers(), stack.registryUrl()).run(TopicCatalogue.TRANSACTIONS_RAW);
    }

    @Test
    void shouldRejectAnIncompatibleSchemaChange(StackState stack) {
        String subject = "compat-check-" + System.nanoTime() + "-value";
        try (SchemaRegistryClient registry =
                SchemaRegistryClient.builder(stack.registryUrl()).build()) {
            registry.register(subject, Transaction.getClassSchema());
            // A new required field without a default: new readers cannot read old data, so BACKWARD forbids it.
            Schema incompatible = addRequiredField(Transaction.getClassSchema(), "riskScoreFromIssuer");

            assertThat(registry.isCompatible(subject, incompatible)).isFalse();
            assertThatThrownBy(() -> registry.register(subject, incompatible))
                    .isInstanceOf(SchemaRegistryException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus())
                            .isEqualTo(409))
                    .hasMessageContaining(stack.registryUrl());

            // ...while an optional field with a default is a compatible evolution.
            Schema compatible = addOptionalField(Transaction.getClassSchema(), "issuerRiskScore");
            assertThat(registry.isCompatible(subject, compatible)).isTrue();
            assertThat(registry.register(subject, compatible))
                    .isNotEqualTo(registry.idFor(subject, Transaction.getClassSchema()));
        }
    }

    private static Schema addRequiredField(Schema base, String name) {
        return withField(base, new Schema.Field(name, Schema.create(Schema.Type.DOUBLE), "test field", (Object) null));
    }

    private static Schema addOptionalField(Schema base, String name) {
        Schema optional = SchemaBuilder.unionOf().nullType().and().doubleType().endUnion();
        return withField(base, new Schema.Field(name, optional, "test field", Schema.Field.NULL_DEFAULT_VALUE));
    }

    private static Schema withField(Schema base, Schema.Field extra) {
        List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
