package io.fraudstream.runtime.topics;

import static io.fraudstream.runtime.topics.TopicSpecs.compactTopic;
import static io.fraudstream.runtime.topics.TopicSpecs.deleteTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fraudstream.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provisioner's orchestration against Kafka's in-memory {@link MockAdminClient}; the lead's ITs use a real broker. */
class TopicProvisionerTest {

    private static final Node BROKER = new Node(0, "localhost", 9092);
    private static final TopicSpec<String, String> RAW = deleteTopic("transactions.raw", 3, Optional.empty());
    private static final TopicSpec<String, String> SCORED =
            deleteTopic("transactions.scored", 3, Optional.of(Duration.ofDays(30)));
    private static final TopicSpec<String, String> MODELS = compactTopic("fraud.models", 1);

    private final MockAdminClient admin = served(new MockAdminClient(List.of(BROKER), BROKER));

    /**
     * The mock answers offsets only for partitions it was given end offsets for; the provisioner asks for those of
     * every topic it creates (it returns once the broker serves them).
     */
    private static MockAdminClient served(MockAdminClient admin) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicSpec<?, ?> spec : List.of(RAW, SCORED, MODELS)) {
            for (int p = 0; p < spec.partitions(); p++) {
                ends.put(new TopicPartition(spec.name(), p), 0L);
            }
        }
        admin.updateEndOffsets(ends);
        return admin;
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    private static void addTopic(MockAdminClient admin, String name, int partitions, Map<String, String> configs) {
        List<TopicPartitionInfo> infos = IntStream.range(0, partitions)
                .mapToObj(p -> new TopicPartitionInfo(p, BROKER, List.of(BROKER), List.of(BROKER)))
                .toList();
        admin.addTopic(false, name, infos, configs);
    }

    @Test
    void shouldCreateMissingTopicsWithTheirLayoutAndConfigs() throws Exception {
        ProvisioningResult result = new TopicProvisioner(admin).ensure(List.of(RAW, SCORED, MODELS));

        assertThat(result.created()).containsExactly("transactions.raw", "transactions.scored", "fraud.models");
        assertThat(result.verified()).isEmpty();
        Map<String, TopicDescription> topics = admin.describeTopics(List.of("transactions.raw", "fraud.models"))
                .allTopicNames()
                .get();
        assertThat(topics.get("transactions.raw").partitions()).hasSize(3);
        assertThat(topics.get("fraud.models").partitions()).hasSize(1);
        Config scored = admin.describeConfigs(
                        List.of(new ConfigResource(ConfigResource.Type.TOPIC, "transactions.scored")))
                .all()
                .get()
                .values()
                .iterator()
                .next();
        assertThat(scored.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(scored.get("retention.ms").value())
                .isEqualTo(String.valueOf(Duration.ofDays(30).toMillis()));
    }

    @Test
    void shouldVerifyExistingTopicsAndCreateOnlyTheMissingOnes() {
        addTopic(admin, "transactions.raw", 3, Map.of("cleanup.policy", "delete", "retention.ms", "-1"));

        ProvisioningResult result = new TopicProvisioner(admin).ensure(List.of(RAW, MODELS));

        assertThat(result.created()).containsExactly("fraud.models");
        assertThat(result.verified()).containsExactly("transactions.raw");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void shouldBeIdempotent() {
        TopicProvisioner provisioner = new TopicProvisioner(admin);
        provisioner.ensure(List.of(RAW, SCORED, MODELS));

        ProvisioningResult second = provisioner.ensure(List.of(RAW, SCORED, MODELS));

        assertThat(second.created()).isEmpty();
        assertThat(second.verified()).containsExactly("transactions.raw", "transactions.scored", "fraud.models");
    }

    @Test
    void shouldReportEveryContradictionOfEveryTopicInOneException() {
        addTopic(admin, "transactions.raw", 6, Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
        addTopic(admin, "fraud.models", 1, Map.of("cleanup.policy", "delete"));

        assertThatThrownBy(() -> new TopicProvisioner(admin).ensure(List.of(RAW, SCORED, MODELS)))
                .isInstanceOfSatisfying(
                        TopicMismatchException.class,
                        e -> assertThat(e.mismatches())
                                .extracting(TopicMismatch::topic, TopicMismatch::property)
                                .containsExactly(
                                        tuple("transactions.raw", "partitions"),
                                        tuple("fraud.models", "cleanup.policy")))
                .hasMessageContaining("2 existing topics contradict");
    }

    @Test
    void shouldReturnRetentionDifferencesAsWarnings() {
        addTopic(admin, "transactions.scored", 3, Map.of("cleanup.policy", "delete", "retention.ms", "604800000"));

        ProvisioningResult result = new TopicProvisioner(admin).ensure(List.of(SCORED));

        assertThat(result.verified()).containsExactly("transactions.scored");
        assertThat(result.warnings()).extracting(TopicMismatch::property).containsExactly("retention.ms");
    }

    @Test
    void shouldVerifyATopicAnotherInstanceCreatedConcurrently() {
        // Given another instance creates transactions.raw (with too few partitions) between our listing and our create
        MockAdminClient racing = new MockAdminClient(List.of(BROKER), BROKER) {
            @Override
            public synchronized CreateTopicsResult createTopics(
                    Collection<NewTopic> newTopics, CreateTopicsOptions options) {
                TopicProvisionerTest.addTopic(
                        this, "transactions.raw", 2, Map.of("cleanup.policy", "delete", "retention.ms", "-1"));
                return super.createTopics(newTopics, options);
            }
        };
        try (racing) {
            served(racing);
            // When / Then: the race is not an error, but the topic it produced is verified like any existing one
            assertThatThrownBy(() -> new TopicProvisioner(racing).ensure(List.of(RAW, MODELS)))
                    .isInstanceOfSatisfying(
                            TopicMismatchException.class,
                            e -> assertThat(e.mismatches())
                                    .extracting(TopicMismatch::topic)
                                    .containsExactly("transactions.raw"));
            assertThat(racing.listTopics().names())
                    .succeedsWithin(Duration.ofSeconds(5))
                    .satisfies(names -> assertThat(names).contains("fraud.models"));
        }
    }

    @Test
    void shouldRetryATransientBrokerError() {
        admin.timeoutNextRequest(1);

        ProvisioningResult result = new TopicProvisioner(admin).ensure(List.of(RAW));

        assertThat(result.created()).containsExactly("transactions.raw");
    }

    @Test
    void shouldWrapBrokerFailuresThatOutlastTheTimeout() {
        admin.timeoutNextRequest(Integer.MAX_VALUE);

        assertThatThrownBy(() -> new TopicProvisioner(admin, Duration.ofMillis(300)).ensure(List.of(RAW)))
                .isInstanceOf(TopicProvisioningException.class)
                .isNotInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("listing topics");
    }
}
