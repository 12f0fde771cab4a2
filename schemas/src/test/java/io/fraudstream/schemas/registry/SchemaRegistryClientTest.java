package io.fraudstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema TRANSACTION = Transaction.getClassSchema();

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private FakeRegistryServer registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        registry = new FakeRegistryServer();
        client = client(registry.url() + "/apis/ccompat/v7/");
    }

    @AfterEach
    void stop() {
        client.close();
        registry.close();
    }

    private SchemaRegistryClient client(String url) {
        return SchemaRegistryClient.builder(url)
                .requestTimeout(Duration.ofSeconds(5))
                .maxRetries(2)
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(150))
                .sleeper(sleeps::add)
                .build();
    }

    private static String p(String path) {
        return "/apis/ccompat/v7" + path;
    }

    @Test
    void shouldRegisterUnderSubjectAndCacheIdBothWays() throws IOException {
        // Given
        registry.on("POST", p("/subjects/transactions.raw-value/versions"), 200, "{\"id\":7}");

        // When
        int first = client.register("transactions.raw-value", TRANSACTION);
        int second = client.register("transactions.raw-value", TRANSACTION);
        Schema byId = client.getById(7);

        // Then
        assertThat(first).isEqualTo(7);
        assertThat(second).isEqualTo(7);
        assertThat(byId).isEqualTo(TRANSACTION);
        assertThat(registry.requests()).hasSize(1);
        FakeRegistryServer.Request request = registry.requests().get(0);
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        // in the form the repo's .avsc file parses to: without the Java code generator's avro.java.string
        assertThat(JSON.readTree(request.body()).get("schema").asText())
                .isEqualTo(SchemaRegistryClient.registryForm(TRANSACTION))
                .doesNotContain("avro.java.string");
    }

    @Test
    void shouldFetchSchemaByIdOnce() {
        // Given
        registry.on(
                "GET",
                p("/schemas/ids/12"),
                200,
                JSON.createObjectNode().put("schema", TRANSACTION.toString()).toString());

        // When
        Schema first = client.getById(12);
        Schema second = client.getById(12);

        // Then
        assertThat(first).isEqualTo(TRANSACTION);
        assertThat(second).isSameAs(first);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldLookUpIdWithoutRegisteringAndCacheIt() {
        // Given
        registry.on(
                "POST",
                p("/subjects/transactions.raw-value"),
                200,
                "{\"subject\":\"transactions.raw-value\",\"id\":3,\"version\":1,\"schema\":\"\\\"string\\\"\"}");

        // When
        int first = client.idFor("transactions.raw-value", TRANSACTION);
        int second = client.idFor("transactions.raw-value", TRANSACTION);

        // Then
        assertThat(first).isEqualTo(3);
        assertThat(second).isEqualTo(3);
        assertThat(registry.requests())
                .extracting(FakeRegistryServer.Request::path)
                .containsExactly(p("/subjects/transactions.raw-value"));
    }

    @Test
    void shouldKeepCachesSeparatePerSubject() {
        // Given
        registry.on("POST", p("/subjects/a-value/versions"), 200, "{\"id\":1}");
        registry.on("POST", p("/subjects/b-value/versions"), 200, "{\"id\":1}");

        // When
        client.register("a-value", TRANSACTION);
        client.register("b-value", TRANSACTION);

        // Then
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldPropagateRegistryErrorCodeWithoutRetrying() {
        // Given
        registry.on(
                "POST",
                p("/subjects/transactions.raw-value/versions"),
                409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");

        // When / Then
        assertThatThrownBy(() -> client.register("transactions.raw-value", TRANSACTION))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.url()).isEqualTo(registry.url() + p("/subjects/transactions.raw-value/versions"));
                })
                .hasMessageContaining(registry.url() + p("/subjects/transactions.raw-value/versions"))
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("error_code 409")
                .hasMessageContaining("incompatible with an earlier schema");
        assertThat(registry.requests()).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldReportNotFoundForUnknownSchemaId() {
        // Given
        registry.on("GET", p("/schemas/ids/99"), 404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

        // When / Then
        assertThatThrownBy(() -> client.getById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(40403);
                })
                .hasMessageContaining("Schema 99 not found");
    }

    @Test
    void shouldKeepRawBodyWhenErrorIsNotJson() {
        // Given
        registry.on("GET", p("/subjects"), 400, "Bad Request: nope");

        // When / Then
        assertThatThrownBy(() -> client.subjects())
                .isInstanceOfSatisfying(
                        SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NONE))
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Bad Request: nope");
    }

    @Test
    void shouldRetryWithExponentialBackoffOn503ThenSucceed() {
        // Given
        String path = p("/subjects/transactions.raw-value/versions");
        registry.on("POST", path, 503, "{\"error_code\":50301,\"message\":\"leader not ready\"}")
                .on("POST", path, 429, "{\"error_code\":42901,\"message\":\"slow down\"}")
                .on("POST", path, 200, "{\"id\":21}");

        // When
        int id = client.register("transactions.raw-value", TRANSACTION);

        // Then
        assertThat(id).isEqualTo(21);
        assertThat(registry.requests()).hasSize(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
    }

    @Test
    void shouldGiveUpAfterRepeated5xxNamingStatusAndAttempts() {
        // Given
        registry.on("GET", p("/schemas/ids/4"), 500, "{\"error_code\":50001,\"message\":\"storage error\"}");

        // When / Then
        assertThatThrownBy(() -> client.getById(4))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(50001);
                })
                .hasMessageContaining("storage error")
                .hasMessageContaining("after 3 attempts");
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void shouldFailClearlyWhenRegistryIsUnreachable() throws IOException {
        // Given a port nobody listens on
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        // When / Then
        try (SchemaRegistryClient unreachable = client(url)) {
            assertThatThrownBy(() -> unreachable.getById(1))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NONE);
                        assertThat(e.url()).isEqualTo(url + "/schemas/ids/1");
                    })
                    .hasMessageStartingWith("schema registry at " + url + " unreachable after 3 attempts: ")
                    .hasMessageContaining("ConnectException");
        }
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(150));
    }

    @Test
    void shouldReturnLatestVersionOfSubject() {
        // Given
        registry.on(
                "GET",
                p("/subjects/transactions.labels-value/versions/latest"),
                200,
                JSON.createObjectNode()
                        .put("subject", "transactions.labels-value")
                        .put("id", 8)
                        .put("version", 2)
                        .put("schema", FraudLabel.getClassSchema().toString())
                        .toString());

        // When
        RegisteredSchema latest = client.latest("transactions.labels-value");

        // Then
        assertThat(latest)
                .isEqualTo(new RegisteredSchema("transactions.labels-value", 8, 2, FraudLabel.getClassSchema()));
        assertThat(client.getById(8)).isEqualTo(FraudLabel.getClassSchema());
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldCheckCompatibilityAgainstLatest() {
        // Given
        registry.on(
                "POST",
                p("/compatibility/subjects/transactions.raw-value/versions/latest"),
                200,
                "{\"is_compatible\":false}");

        // When / Then
        assertThat(client.isCompatible("transactions.raw-value", TRANSACTION)).isFalse();
    }

    @Test
    void shouldReadGlobalAndSubjectCompatibility() {
        // Given
        registry.on("GET", p("/config"), 200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        registry.on(
                "GET",
                p("/config/fraud.models-value?defaultToGlobal=true"),
                200,
                "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");

        // When / Then
        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.compatibility("fraud.models-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    }

    @Test
    void shouldFallBackToGlobalCompatibilityWhenSubjectHasNone() {
        // Given
        registry.on(
                "GET",
                p("/config/transactions.raw-value?defaultToGlobal=true"),
                404,
                "{\"error_code\":40408,\"message\":\"Subject does not have subject-level compatibility configured\"}");
        registry.on("GET", p("/config"), 200, "{\"compatibilityLevel\":\"NONE\"}");

        // When / Then
        assertThat(client.compatibility("transactions.raw-value")).isEqualTo(CompatibilityLevel.NONE);
    }

    @Test
    void shouldSetCompatibility() throws IOException {
        // Given
        registry.on("PUT", p("/config"), 200, "{\"compatibility\":\"BACKWARD\"}");
        registry.on("PUT", p("/config/fraud.models-value"), 200, "{\"compatibility\":\"FULL\"}");

        // When
        client.setCompatibility(null, CompatibilityLevel.BACKWARD);
        client.setCompatibility("fraud.models-value", CompatibilityLevel.FULL);

        // Then
        assertThat(registry.requests())
                .extracting(FakeRegistryServer.Request::path)
                .containsExactly(p("/config"), p("/config/fraud.models-value"));
        assertThat(JSON.readValue(registry.requests().get(1).body(), Map.class))
                .isEqualTo(Map.of("compatibility", "FULL"));
    }

    @Test
    void shouldListSubjects() {
        // Given
        registry.on("GET", p("/subjects"), 200, "[\"transactions.raw-value\",\"fraud.models-value\"]");

        // When / Then
        assertThat(client.subjects()).containsExactly("transactions.raw-value", "fraud.models-value");
    }

    @Test
    void shouldEncodeSubjectInPath() {
        // Given
        registry.on("POST", p("/subjects/odd%20subject%2Fx/versions"), 200, "{\"id\":5}");

        // When / Then
        assertThat(client.register("odd subject/x", TRANSACTION)).isEqualTo(5);
    }

    @Test
    void shouldRejectMalformedAnswer() {
        // Given
        registry.on("POST", p("/subjects/s/versions"), 200, "{\"identifier\":5}");

        // When / Then
        assertThatThrownBy(() -> client.register("s", TRANSACTION))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("expected id");
    }

    @Test
    void shouldRejectNonHttpUrlAtBuildTime() {
        assertThatThrownBy(() -> SchemaRegistryClient.builder("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:8081");
    }

    @Test
    void shouldComputeCappedExponentialBackoff() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));

        assertThat(policy.attempts()).isEqualTo(11);
        assertThat(List.of(
                        policy.backoff(1),
                        policy.backoff(2),
                        policy.backoff(3),
                        policy.backoff(4),
                        policy.backoff(5),
                        policy.backoff(64)))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1));
    }
}
