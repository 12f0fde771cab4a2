package io.fraudstream.runtime.topics;

import static io.fraudstream.runtime.topics.TopicSpecs.compactTopic;
import static io.fraudstream.runtime.topics.TopicSpecs.deleteTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TopicProvisioner} against a real broker (the shared local stack).
 */
@ExtendWith(LocalStackExtension.class)
class TopicProvisionerIT {

    private static String bootstrap;

    @BeforeAll
    static void connect(StackState stack) {
        bootstrap = stack.bootstrapServers();
    }

    @Test
    void shouldHandOutTopicsThatTakeWritesAtOnceWithoutLosingAny() throws Exception {
        // Given topics created a moment ago (the broker creates their logs after the controller committed them)
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<TopicSpec<String, String>> specs = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> deleteTopic("it.fresh" + i + "." + suffix, 6, Optional.empty()))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin, Duration.ofSeconds(30)).ensure(specs);
        }
        // When an idempotent producer with several requests in flight writes to every partition straight away
        List<org.apache.kafka.clients.producer.ProducerRecord<String, String>> records = new java.util.ArrayList<>();
        for (TopicSpec<String, String> spec : specs) {
            for (int i = 0; i < 3_000; i++) {
                records.add(
                        new org.apache.kafka.clients.producer.ProducerRecord<>(spec.name(), i % 6, "k" + i, "v" + i));
            }
        }
        Map<String, Object> p = Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all",
                org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG, 1_024,
                org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 0,
                org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                org.apache.kafka.clients.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                p,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            // Then the broker acknowledges every record (none rejected as out of order behind a batch it refused)
            assertThat(io.fraudstream.localstack.Acknowledged.send(producer, records))
                    .hasSize(records.size());
        }
    }

    @Test
    void shouldCreateThenVerifyThenRejectAContradictingLayout() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        TopicSpec<String, String> events = deleteTopic("it.events." + suffix, 3, Optional.of(Duration.ofDays(7)));
        TopicSpec<String, String> slots = compactTopic("it.slots." + suffix, 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, Duration.ofSeconds(30));
            try {
                ProvisioningResult first = provisioner.ensure(List.of(events, slots));
                ProvisioningResult second = provisioner.ensure(List.of(events, slots));

                assertThat(first.created()).containsExactly(events.name(), slots.name());
                assertThat(second.created()).isEmpty();
                assertThat(second.verified()).containsExactly(events.name(), slots.name());
                assertThat(second.warnings()).isEmpty();
                assertThatThrownBy(() -> provisioner.ensure(List.of(
                                deleteTopic(events.name(), 6, events.retention()),
                                deleteTopic(slots.name(), 1, Optional.empty()))))
                        .isInstanceOfSatisfying(
                                TopicMismatchException.class,
                                e -> assertThat(e.mismatches())
                                        .extracting(TopicMismatch::property)
                                        .containsExactly("partitions", "cleanup.policy"));
            } finally {
                admin.deleteTopics(List.of(events.name(), slots.name())).all().get();
            }
        }
    }
}
