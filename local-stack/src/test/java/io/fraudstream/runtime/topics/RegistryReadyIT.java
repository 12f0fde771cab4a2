package io.fraudstream.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry is ready before the first record, as a client in any language sees it over plain HTTP: every topic's
 * value subject exists once the local stack has started (and once a service has started on topics of its own), its
 * own compatibility level is BACKWARD, and a lookup or a registration with the text of the repo's {@code .avsc} file
 * finds the schema the services registered.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryReadyIT {

    private static final Path AVRO_DIR = Path.of("..", "schemas", "src", "main", "avro");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static StackState stack;

    @BeforeAll
    static void connect(StackState state) {
        stack = state;
    }

    @Test
    void shouldHaveEveryValueSubjectAtBackwardOnAFreshStack() throws Exception {
        // Given the local stack as started (no service has written anything to the default topics)
        // When a client lists the subjects and reads each one's own level, as @kafkajs/confluent-schema-registry does
        JsonNode subjects = get("/subjects").body();
        // Then every topic's value subject is there, at BACKWARD
        for (String id : TopicCatalogue.AVRO_IDS) {
            String subject = id + "-value";
            assertThat(subjects.toString()).as("subjects").contains("\"" + subject + "\"");
            assertThat(subjectLevel(subject)).as("GET /config/%s", subject).isEqualTo("BACKWARD");
        }
    }

    @Test
    void shouldFindTheSchemaByTheAvscFileTextAndNotAddAVersionWhenItIsRegistered() throws Exception {
        // Given the text of the repo's Transaction.avsc, pretty-printed, docs and all
        String fileText = Files.readString(AVRO_DIR.resolve("Transaction.avsc"));
        String subject = TopicCatalogue.TRANSACTIONS_RAW + "-value";
        int latest = get("/subjects/" + encode(subject) + "/versions/latest")
                .body()
                .get("version")
                .asInt();

        // When a client looks its id up with that text, then registers that text
        Answer lookup = post("/subjects/" + encode(subject), Map.of("schema", fileText));
        Answer registered = post("/subjects/" + encode(subject) + "/versions", Map.of("schema", fileText));

        // Then the lookup finds the schema the serializers use, and the registration returns its id, adding no version
        assertThat(lookup.status()).as("lookup: %s", lookup.body()).isEqualTo(200);
        int id = lookup.body().get("id").asInt();
        Schema byId = new Schema.Parser()
                .parse(get("/schemas/ids/" + id).body().get("schema").asText());
        assertThat(byId.toString()).isEqualTo(SchemaRegistryClient.registryForm(Transaction.getClassSchema()));
        assertThat(registered.status()).as("register: %s", registered.body()).isEqualTo(200);
        assertThat(registered.body().get("id").asInt()).isEqualTo(id);
        assertThat(get("/subjects/" + encode(subject) + "/versions/latest")
                        .body()
                        .get("version")
                        .asInt())
                .isEqualTo(latest);
    }

    @Test
    void shouldRegisterEverySchemaAtBackwardWhenAServiceStartsOnTopicsOfItsOwn() throws Exception {
        // Given topics of their own, which nothing has written to or registered schemas for
        String prefix = "ready-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> props = new HashMap<>();
        props.put(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, stack.bootstrapServers());
        props.put(RuntimeConfig.SCHEMA_REGISTRY_URL, stack.registryUrl());
        props.put(RuntimeConfig.SERVICE_NAME, prefix + "service");
        for (String id : TopicCatalogue.IDS) {
            props.put(RuntimeConfig.topicNameKey(id), prefix + id);
        }
        // When a service that registers schemas starts on them
        try (ServiceTopics topics = ServiceTopics.open(new RuntimeConfig(props), true)) {
            // Then each topic's value subject exists at BACKWARD, with the catalogue's schema as its latest version
            for (String id : TopicCatalogue.AVRO_IDS) {
                String subject = prefix + id + "-value";
                assertThat(subjectLevel(subject)).as("GET /config/%s", subject).isEqualTo("BACKWARD");
                JsonNode latest =
                        get("/subjects/" + encode(subject) + "/versions/latest").body();
                assertThat(new Schema.Parser()
                                .parse(latest.get("schema").asText())
                                .toString())
                        .isEqualTo(SchemaRegistryClient.registryForm(
                                topics.catalogue().valueSchema(id)));
            }
        }
        // and a second start (another instance, a restart) finds them all and changes nothing
        try (ServiceTopics again = ServiceTopics.open(new RuntimeConfig(props), true)) {
            for (String id : TopicCatalogue.AVRO_IDS) {
                assertThat(get("/subjects/" + encode(prefix + id + "-value") + "/versions")
                                .body()
                                .size())
                        .as(id)
                        .isEqualTo(1);
            }
        }
    }

    /** The subject's own level, as {@code GET /config/{subject}} without {@code defaultToGlobal} answers it. */
    private static String subjectLevel(String subject) throws Exception {
        Answer a = get("/config/" + encode(subject));
        assertThat(a.status()).as("GET /config/%s: %s", subject, a.body()).isEqualTo(200);
        return a.body().get("compatibilityLevel").asText();
    }

    private record Answer(int status, JsonNode body) {}

    private static Answer get(String path) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(stack.registryUrl() + path)).GET());
    }

    private static Answer post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(stack.registryUrl() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                request.header("Accept", "application/vnd.schemaregistry.v1+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
