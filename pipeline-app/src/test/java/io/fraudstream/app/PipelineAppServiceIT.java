package io.fraudstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import io.fraudstream.scoring.ScoringConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The one-hop application on the real local stack, started as its main starts it: a raw transaction comes out scored,
 * queryable at {@code /v1/scores/{id}}, and {@code /metrics} carries both the feature stream's and the scoring meters.
 */
@ExtendWith(LocalStackExtension.class)
class PipelineAppServiceIT {

    private static final Duration DEADLINE = Duration.ofMinutes(3); // an upper bound on a loaded 2-core machine

    @Test
    void shouldScoreARawTransactionAndAnswerForIt(StackState stack) throws Exception {
        String run = "onehop-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> c = new LinkedHashMap<>();
        c.put(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, stack.bootstrapServers());
        c.put(RuntimeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
        c.put(RuntimeConfig.SERVICE_NAME, run + "pipeline-app");
        TopicCatalogue.Settings.Builder names = TopicCatalogue.Settings.builder();
        for (String id : TopicCatalogue.IDS) {
            c.put(RuntimeConfig.topicNameKey(id), run + id);
            names.name(id, run + id);
        }
        c.put("streams.state.dir", Files.createTempDirectory("onehop-it-state").toString());
        c.put("streams.commit.interval.ms", "100");
        c.put(ScoringConfig.SIGNING_KEY, "one-hop-service-it-signing-key-0123456789");
        String id = run + "tx-1";
        HttpClient http = HttpClient.newHttpClient();
        try (SchemaRegistryClient registry =
                        SchemaRegistryClient.builder(stack.registryUrl()).build();
                PipelineAppService app = PipelineAppService.start(new PipelineAppConfig(c))) {
            await().atMost(DEADLINE).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
            TopicCatalogue topics = TopicCatalogue.create(names.build(), AvroSerdes.create(registry, true));

            // Given a raw transaction
            Transaction tx = Txns.tx(
                    id, Txns.CARD, Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60));
            try (KafkaProducer<String, Transaction> producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                    new StringSerializer(),
                    topics.transactionsRaw().valueSerde().serializer())) {
                producer.send(new ProducerRecord<>(topics.transactionsRaw().name(), tx.getCardToken(), tx))
                        .get();
            }

            // Then the application that featured it scored it, and answers for it
            URI score = URI.create("http://127.0.0.1:" + app.httpPort() + "/v1/scores/" + id);
            await().atMost(DEADLINE).untilAsserted(() -> {
                HttpResponse<String> r =
                        http.send(HttpRequest.newBuilder(score).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains(id);
            });
            HttpResponse<String> models = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/v1/models/current"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(models.body()).contains("RULES_ONLY_NO_MODEL");
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains(
                            "fraudstream_features_emitted_total",
                            "fraudstream_scoring_events_total",
                            "fraudstream_features_ordering_hold_seconds");
        }
    }
}
