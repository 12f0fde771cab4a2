package io.fraudstream.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ConsumerLag} leaves out an input topic the group does not read (as the one-hop application does not read
 * transactions.features, which it writes), and only then.
 */
@ExtendWith(LocalStackExtension.class)
class ConsumerLagIT {

    private static final Duration DEADLINE = Duration.ofMinutes(1); // an upper bound on a loaded machine

    @Test
    void shouldLeaveOutATopicNoMemberOfTheStableGroupIsAssigned(StackState stack) throws Exception {
        String run = "lag-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String read = run + "read";
        String written = run + "written";
        String group = run + "group";
        try (Admin admin = Admin.create(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(read, 2, (short) 1), new NewTopic(written, 2, (short) 1)))
                    .all()
                    .get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>(written, "k", "a record nobody in the group reads"))
                        .get();
            }
            // Given a group that does not exist yet: every input counts
            assertThat(ConsumerLag.read(admin, group, Set.of(read, written))).containsExactlyInAnyOrder(read, written);
            assertThat(ConsumerLag.of(admin, group, Set.of(read, written))).isEqualTo(1);

            // When a member reads one of the topics, and commits its end
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.<String, Object>of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            stack.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG,
                            group,
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(read));
                await().atMost(DEADLINE).until(() -> {
                    consumer.poll(Duration.ofMillis(100));
                    return consumer.assignment().size() == 2;
                });
                consumer.commitSync();

                // Then the topic it does not read is left out, and the group is not behind
                await().atMost(DEADLINE)
                        .untilAsserted(() -> assertThat(ConsumerLag.read(admin, group, Set.of(read, written)))
                                .containsExactly(read));
                assertThat(ConsumerLag.of(admin, group, Set.of(read, written))).isZero();
            }
        }
    }
}
