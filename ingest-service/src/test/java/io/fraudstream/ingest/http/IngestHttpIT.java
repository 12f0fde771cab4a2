package io.fraudstream.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.IngestService;
import io.fraudstream.ingest.PanLeakCheck;
import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.ingest.card.PanDetector;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.fraudstream.schemas.registry.SchemaRegistryClient;
import io.fraudstream.schemas.serde.AvroSerdes;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HTTP ingest against the real local stack: every answer class, what lands in Kafka, and no card number anywhere. */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestHttpIT {

    static final String SECRET = "base64:"
            + java.util.Base64.getEncoder().encodeToString("it-secret-it-secret-it-secret-it-secret".getBytes());
    static final String API_KEY = "it-key-" + UUID.randomUUID();
    static final int MAX_BATCH = 50;
    static final int MAX_BODY = 64 * 1024;
    /** Real-looking, Luhn-valid test card numbers in several notations. */
    static final List<String> PANS = List.of(
            "4111111111111111",
            "5555 5555 5555 4444",
            "3782-822463-10005",
            "6011111111111117",
            "4000056655665556",
            "3056930009020004",
            "4222222222222",
            "4111111111111111110");

    static StackState stack;
    static IngestService service;
    static HttpTestClient client;
    static SchemaRegistryClient registry;
    static TopicCatalogue catalogue;
    static CardTokenizer tokenizer;
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static int seq;

    @BeforeAll
    static void start(StackState s) {
        stack = s;
        Map<String, String> props = new LinkedHashMap<>();
        props.put(IngestConfig.KAFKA_BOOTSTRAP_SERVERS, s.bootstrapServers());
        props.put(IngestConfig.SCHEMA_REGISTRY_URL, s.registryUrl());
        props.put(IngestConfig.CARD_TOKEN_SECRET, SECRET);
        props.put(IngestConfig.API_KEY, API_KEY);
        props.put(IngestConfig.BATCH_MAX_SIZE, String.valueOf(MAX_BATCH));
        props.put(IngestConfig.MAX_BODY_BYTES, String.valueOf(MAX_BODY));
        IngestConfig config = new IngestConfig(props);
        service = IngestService.start(config);
        client = new HttpTestClient(service.port(), Map.of("X-Api-Key", API_KEY));
        registry = SchemaRegistryClient.builder(s.registryUrl()).build();
        catalogue = TopicCatalogue.create(config.topicSettings(), AvroSerdes.create(registry, false));
        tokenizer = config.cardTokenizer();
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
        if (registry != null) registry.close();
    }

    static String id() {
        return "it-" + RUN + "-" + (++seq);
    }

    static ObjectNode transaction(String id, String pan) {
        return HttpTestClient.JSON
                .createObjectNode()
                .put("transactionId", id)
                .put("pan", pan)
                .put("merchantId", "m-1")
                .put("merchantCountry", "FR")
                .put("merchantCategoryCode", "5411")
                .put("amountMinor", 4250)
                .put("currency", "EUR")
                .put(
                        "eventTime",
                        Instant.now()
                                .minusSeconds(60)
                                .truncatedTo(ChronoUnit.MILLIS)
                                .toString())
                .put("channel", "ECOMMERCE")
                .put("entryMode", "ECOMMERCE")
                .put("ipAddress", "198.51.100.7");
    }

    @Test
    @Order(1)
    void shouldAcceptATransactionOnlyOnceKafkaHasIt() {
        String id = id();
        ObjectNode tx = transaction(id, "4111 1111 1111 1111");
        Instant eventTime = Instant.parse(tx.get("eventTime").textValue());

        HttpTestClient.Response r = client.post(IngestHttpApi.TRANSACTIONS_PATH, tx);

        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.body().get("accepted")).containsExactly(HttpTestClient.JSON.valueToTree(id));
        // a 202 means acknowledged: the record is already readable, no waiting needed
        List<TopicReader.Read<Transaction>> found = TopicReader.byId(
                        TopicReader.readAll(stack.bootstrapServers(), catalogue.transactionsRaw()),
                        Transaction::getTransactionId)
                .get(id);
        assertThat(found).hasSize(1);
        TopicReader.Read<Transaction> read = found.get(0);
        String token = tokenizer.tokenFor("4111111111111111");
        assertThat(new String(read.raw().key())).isEqualTo(token);
        assertThat(read.raw().timestamp()).isEqualTo(eventTime.toEpochMilli());
        assertThat(read.value().getCardToken()).isEqualTo(token);
        assertThat(read.value().getCardBin()).isEqualTo("411111");
        assertThat(read.value().getCardLast4()).isEqualTo("1111");
        assertThat(read.value().getAmountMinor()).isEqualTo(4250);
        assertThat(read.value().getSource()).isEqualTo("http");
        assertThat(read.value().getIngestTime()).isNotNull();
    }

    @Test
    @Order(2)
    void shouldAcceptABatch() {
        ArrayNode items = HttpTestClient.JSON.createArrayNode();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = id();
            ids.add(id);
            items.add(transaction(id, PANS.get(i % PANS.size())));
        }
        HttpTestClient.Response r = client.post(
                IngestHttpApi.BATCH_PATH, HttpTestClient.JSON.createObjectNode().set("transactions", items));

        assertThat(r.status()).as(r.text()).isEqualTo(202);
        assertThat(r.body().get("accepted")).extracting(JsonNode::textValue).containsExactlyElementsOf(ids);
        Map<String, List<TopicReader.Read<Transaction>>> byId = TopicReader.byId(
                TopicReader.readAll(stack.bootstrapServers(), catalogue.transactionsRaw()),
                Transaction::getTransactionId);
        assertThat(ids).allSatisfy(id -> assertThat(byId.get(id)).hasSize(1));
    }

    @Test
    @Order(3)
    void shouldAcceptALabel() {
        String id = id();
        ObjectNode label = HttpTestClient.JSON
                .createObjectNode()
                .put("transactionId", id)
                .put("pan", "5555555555554444")
                .put("merchantId", "m-1")
                .put("transactionTime", "2025-01-01T10:00:00Z")
                .put("verdict", "FRAUD")
                .put("source", "CHARGEBACK")
                .put("note", "disputed by cardholder");
        HttpTestClient.Response r = client.post(IngestHttpApi.LABELS_PATH, label);

        assertThat(r.status()).as(r.text()).isEqualTo(202);
        List<TopicReader.Read<FraudLabel>> found = TopicReader.byId(
                        TopicReader.readAll(stack.bootstrapServers(), catalogue.transactionsLabels()),
                        FraudLabel::getTransactionId)
                .get(id);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).value().getCardToken()).isEqualTo(tokenizer.tokenFor("5555555555554444"));
        assertThat(new String(found.get(0).raw().key())).isEqualTo(tokenizer.tokenFor("5555555555554444"));
        assertThat(found.get(0).raw().timestamp())
                .isEqualTo(found.get(0).value().getLabelTime().toEpochMilli());
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("transactionId", null, "is required"),
                Arguments.of("pan", "4111111111111112", "Luhn"),
                Arguments.of("pan", "41111", "digits"),
                Arguments.of("merchantId", "", "characters"),
                Arguments.of("amountMinor", 42.5, "integer"),
                Arguments.of("currency", "EURO", "ISO 4217"),
                Arguments.of("eventTime", "2999-01-01T00:00:00Z", "future"),
                Arguments.of("merchantCountry", "XX", "ISO 3166"),
                Arguments.of("channel", "PIGEON", "one of"),
                Arguments.of("ipAddress", "not-an-ip", "IPv4"),
                Arguments.of("cardNumber", "4111111111111111", "unknown field"));
    }

    @ParameterizedTest(name = "400 for {0}")
    @MethodSource("badFields")
    @Order(4)
    void shouldAnswer400NamingTheField(String field, Object value, String why) {
        ObjectNode tx = transaction(id(), "4111111111111111");
        if (value == null) tx.remove(field);
        else tx.set(field, HttpTestClient.JSON.valueToTree(value));

        HttpTestClient.Response r = client.post(IngestHttpApi.TRANSACTIONS_PATH, tx);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("errors")).singleElement().satisfies(e -> {
            assertThat(e.get("field").textValue()).isEqualTo(field);
            assertThat(e.get("message").textValue()).contains(why);
        });
        assertThat(PanDetector.containsPanLike(r.text()))
                .as("the answer must not echo a card number")
                .isFalse();
    }

    @Test
    @Order(5)
    void shouldRejectAWholeBatchNamingTheItem() {
        ArrayNode items = HttpTestClient.JSON.createArrayNode();
        String first = id();
        items.add(transaction(first, "4111111111111111"));
        items.add(transaction(id(), "4111111111111111").put("currency", "ABC"));
        HttpTestClient.Response r = client.post(
                IngestHttpApi.BATCH_PATH, HttpTestClient.JSON.createObjectNode().set("transactions", items));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("errors"))
                .extracting(e -> e.get("field").textValue())
                .containsExactly("transactions[1].currency");
        assertThat(TopicReader.byId(
                        TopicReader.readAll(stack.bootstrapServers(), catalogue.transactionsRaw()),
                        Transaction::getTransactionId))
                .doesNotContainKey(first);
    }

    @Test
    @Order(6)
    void shouldAnswer400ForMalformedJsonWithoutEchoingIt() {
        HttpTestClient.Response r = client.post(IngestHttpApi.TRANSACTIONS_PATH, "{\"pan\": 4111111111111111x}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("malformed JSON");
        assertThat(PanDetector.containsPanLike(r.text())).isFalse();

        HttpTestClient.Response dup = client.post(
                IngestHttpApi.TRANSACTIONS_PATH, "{\"pan\":\"4111111111111111\",\"pan\":\"5555555555554444\"}");
        assertThat(dup.status()).isEqualTo(400);
        assertThat(PanDetector.containsPanLike(dup.text())).isFalse();
    }

    @Test
    @Order(7)
    void shouldAnswer401WithoutTheApiKey() {
        ObjectNode tx = transaction(id(), "4111111111111111");
        HttpTestClient anonymous = new HttpTestClient(service.port(), Map.of());
        HttpTestClient wrong = new HttpTestClient(service.port(), Map.of("X-Api-Key", "nope"));
        HttpTestClient bearer = new HttpTestClient(service.port(), Map.of("Authorization", "Bearer " + API_KEY));

        assertThat(anonymous.post(IngestHttpApi.TRANSACTIONS_PATH, tx).status()).isEqualTo(401);
        assertThat(wrong.post(IngestHttpApi.LABELS_PATH, tx).status()).isEqualTo(401);
        assertThat(wrong.post(IngestHttpApi.BATCH_PATH, tx).status()).isEqualTo(401);
        assertThat(bearer.post(IngestHttpApi.TRANSACTIONS_PATH, tx).status()).isEqualTo(202);
        // operational endpoints stay open
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        assertThat(anonymous.get(IngestHttpApi.OPENAPI_PATH).status()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void shouldAnswer413ForLargeBodiesAndBatches() {
        String big = "{\"transactionId\":\"" + "x".repeat(MAX_BODY) + "\"}";
        HttpTestClient.Response r = client.post(IngestHttpApi.TRANSACTIONS_PATH, big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("ingest.max.body.bytes");

        ArrayNode items = HttpTestClient.JSON.createArrayNode();
        for (int i = 0; i <= MAX_BATCH; i++)
            items.add(HttpTestClient.JSON.createObjectNode().put("transactionId", "t" + i));
        HttpTestClient.Response batch = client.post(
                IngestHttpApi.BATCH_PATH, HttpTestClient.JSON.createObjectNode().set("transactions", items));
        assertThat(batch.status()).isEqualTo(413);
        assertThat(batch.text()).contains("ingest.batch.max.size");
    }

    @Test
    @Order(9)
    void shouldAnswer415ForOtherContentTypes() {
        HttpTestClient.Response r = client.send(
                IngestHttpApi.TRANSACTIONS_PATH,
                "transactionId=1",
                "application/x-www-form-urlencoded",
                Map.of("X-Api-Key", API_KEY));
        assertThat(r.status()).isEqualTo(415);
    }

    @Test
    @Order(10)
    void shouldServeHealthReadinessAndMetrics() {
        assertThat(client.get("/health").status()).isEqualTo(200);
        assertThat(client.get("/ready").status()).isEqualTo(200);
        HttpTestClient.Response m = client.get("/metrics");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.text())
                .contains("fraudstream_ingest_publish_total")
                .contains("fraudstream_ingest_http_responses_total");
    }

    @Test
    @Order(11)
    void shouldDocumentExactlyThePathsItServes() {
        JsonNode doc = client.get(IngestHttpApi.OPENAPI_PATH).body();
        Set<String> documented = new HashSet<>();
        doc.get("paths").fieldNames().forEachRemaining(documented::add);
        Set<String> served = new HashSet<>(IngestHttpApi.PATHS);
        served.addAll(List.of("/health", "/ready", "/metrics"));
        assertThat(documented).isEqualTo(served);

        HttpTestClient anonymous = new HttpTestClient(service.port(), Map.of());
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            for (Iterator<String> methods = p.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                int status = method.equals("get")
                        ? anonymous.get(p.getKey()).status()
                        : anonymous
                                .send(p.getKey(), "{}", "application/json", Map.of())
                                .status();
                assertThat(status).as(method + " " + p.getKey()).isNotIn(404, 405);
            }
        }
        // and an undocumented path is not served
        assertThat(anonymous.get("/nothing").status()).isEqualTo(404);
        assertThat(client.get("/v1/nothing").status()).isEqualTo(404);
    }

    @Test
    @Order(100)
    void shouldNeverWriteACardNumberToKafka() {
        // real-looking PANs through every route, in every notation
        ArrayNode items = HttpTestClient.JSON.createArrayNode();
        for (String pan : PANS) {
            assertThat(client.post(IngestHttpApi.TRANSACTIONS_PATH, transaction(id(), pan))
                            .status())
                    .isEqualTo(202);
            items.add(transaction(id(), pan));
            ObjectNode label = HttpTestClient.JSON
                    .createObjectNode()
                    .put("transactionId", id())
                    .put("pan", pan)
                    .put("merchantId", "m-2")
                    .put("transactionTime", "2025-01-01T10:00:00Z")
                    .put("verdict", "LEGITIMATE");
            assertThat(client.post(IngestHttpApi.LABELS_PATH, label).status()).isEqualTo(202);
        }
        assertThat(client.post(
                                IngestHttpApi.BATCH_PATH,
                                HttpTestClient.JSON.createObjectNode().set("transactions", items))
                        .status())
                .isEqualTo(202);

        Map<String, Integer> checked = PanLeakCheck.assertNoPan(
                stack.bootstrapServers(),
                catalogue,
                Set.of(
                        TopicCatalogue.TRANSACTIONS_RAW,
                        TopicCatalogue.TRANSACTIONS_LABELS,
                        TopicCatalogue.TRANSACTIONS_DLQ));

        assertThat(checked.get(catalogue.transactionsRaw().name())).isGreaterThanOrEqualTo(2 * PANS.size());
        assertThat(checked.get(catalogue.transactionsLabels().name())).isGreaterThanOrEqualTo(PANS.size());
    }

    @Test
    @Order(101)
    void shouldCatchALeakWhenThereIsOne() {
        // the check itself must be able to fail: a record carrying a PAN in a free-text field is found
        String id = id();
        Transaction leaky = Transaction.newBuilder()
                .setTransactionId(id)
                .setCardToken(tokenizer.tokenFor(PANS.get(0)))
                .setMerchantId("m-leak")
                .setAmountMinor(1)
                .setCurrency("EUR")
                .setEventTime(Instant.now())
                .setDeviceId("4111 1111 1111 1111")
                .build();
        TopicCatalogue own = TopicCatalogue.create(
                TopicCatalogue.Settings.builder()
                        .name(TopicCatalogue.TRANSACTIONS_RAW, "it.pan-leak-" + RUN)
                        .partitions(TopicCatalogue.TRANSACTIONS_RAW, 1)
                        .build(),
                AvroSerdes.create(registry, true));
        try (var admin =
                org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            new io.fraudstream.runtime.topics.TopicProvisioner(admin).ensure(List.of(own.transactionsRaw()));
        }
        try (var p = new io.fraudstream.ingest.kafka.IngestPublisher(
                own, Map.of("bootstrap.servers", stack.bootstrapServers()), null)) {
            p.transaction(leaky).join();
        }
        List<PanLeakCheck.Leak> leaks = PanLeakCheck.scan(
                stack.bootstrapServers(), own, Set.of(TopicCatalogue.TRANSACTIONS_RAW), new LinkedHashMap<>());
        assertThat(leaks).extracting(PanLeakCheck.Leak::where).contains("value bytes", "decoded value JSON");
    }
}
