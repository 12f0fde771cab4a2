package io.fraudstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.ConfluentKafkaContainer;

/**
 * The local stack's round trip against Confluent's own images ({@code cp-kafka}, {@code cp-schema-registry}):
 * proof that the project's client and serdes speak the real Confluent protocol. Needs Docker; skipped, saying
 * why, where there is none.
 */
@ExtendWith(DockerAvailable.class)
class ConfluentPlatformIT {
    private static final String CONFLUENT_VERSION = "7.9.0";
    private static Network network;
    private static ConfluentKafkaContainer kafka;
    private static GenericContainer<?> registry;

    @BeforeAll
    static void startConfluentPlatform() {
        network = Network.newNetwork();
        kafka = new ConfluentKafkaContainer("confluentinc/cp-kafka:" + CONFLUENT_VERSION)
                .withNetwork(network)
                .withListener("kafka:19092");
        kafka.start();
        registry = new GenericContainer<>("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION)
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .withEnv("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "backward")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
        registry.start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {registry, kafka, network}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the containers go with the Ryuk reaper anyway
            }
        }
    }

    private static String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    @Test
    void shouldRoundTripATransactionThroughConfluentKafkaAndSchemaRegistry() throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("transactions.raw", 3, (short) 1)))
                    .all()
                    .get();
        }
        new RoundTripScenario(kafka.getBootstrapServers(), registryUrl()).run("transactions.raw");
    }

    @Test
    void shouldBeRejectedByConfluentRegistryOnAnIncompatibleChange() {
        try (SchemaRegistryClient client =
                SchemaRegistryClient.builder(registryUrl()).build()) {
            String subject = "compat-" + System.nanoTime() + "-value";
            client.register(subject, Transaction.getClassSchema());
            List<Schema.Field> fields = new ArrayList<>();
            Transaction.getClassSchema().getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
            fields.add(
                    new Schema.Field("requiredWithoutDefault", Schema.create(Schema.Type.LONG), "test", (Object) null));
            Schema incompatible =
                    Schema.createRecord("Transaction", "test", "io.fraudstream.schemas.avro", false, fields);

            assertThatThrownBy(() -> client.register(subject, incompatible))
                    .isInstanceOf(SchemaRegistryException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus())
                            .isEqualTo(409));
        }
    }
}
