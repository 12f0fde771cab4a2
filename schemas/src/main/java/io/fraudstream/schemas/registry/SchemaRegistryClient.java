package io.fraudstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API for Avro schemas; also works against Apicurio Registry's
 * Confluent-compatible API (base URL {@code http://host:port/apis/ccompat/v7}).
 *
 * <p>Ids and schemas are cached both ways (id to schema, and subject plus schema to id), so a serde asks the
 * registry once per schema. Registry errors become {@link SchemaRegistryException}s naming the URL, the HTTP status
 * and the registry's error code; connection failures, HTTP 5xx and 429 are retried with exponential backoff.
 * Thread-safe. Close it to release the HTTP client.
 *
 * <pre>{@code
 * try (SchemaRegistryClient registry = SchemaRegistryClient.builder("http://127.0.0.1:8081").build()) {
 *     int id = registry.register("transactions.raw-value", Transaction.getClassSchema());
 * }
 * }</pre>
 */
public final class SchemaRegistryClient implements SchemaRegistry, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The property Avro's Java code generator adds to string types ({@code stringType=String}). */
    static final String JAVA_STRING_PROPERTY = "avro.java.string";

    private final RegistryHttp http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> lookedUpIds = new ConcurrentHashMap<>();

    private SchemaRegistryClient(Builder b) {
        this.http = new RegistryHttp(
                b.baseUrl,
                b.requestTimeout,
                new RetryPolicy(b.maxRetries, b.initialBackoff, b.maxBackoff),
                b.sleeper,
                JSON);
    }

    /**
     * Starts building a client for the registry at {@code baseUrl}, given whole (for example
     * {@code http://127.0.0.1:8081} or {@code http://127.0.0.1:8080/apis/ccompat/v7}).
     */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** The registry's base URL, without a trailing slash. */
    public String baseUrl() {
        return http.baseUrl();
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and returns its id.
     * Registering a schema that is already there returns the existing id. Cached: a second call for the same
     * subject and schema makes no request.
     *
     * @throws SchemaRegistryException for example HTTP 409 when the schema is incompatible with the subject's
     *                                 compatibility level, or 422 when the registry rejects it as invalid
     */
    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = registeredIds.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = http.post(subjectPath(subject) + "/versions", schemaBody(schema));
        int id = requireInt(answer, "id", subjectPath(subject) + "/versions");
        remember(key, id, registeredIds);
        return id;
    }

    /**
     * Returns the id of {@code schema} if it is registered under {@code subject} ({@code POST /subjects/{subject}}),
     * without registering it. Cached.
     *
     * @throws SchemaRegistryException HTTP 404 (error code 40401 or 40403) when the subject or schema is not there
     */
    @Override
    public int idFor(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = registeredIds.get(key);
        if (cached == null) {
            cached = lookedUpIds.get(key);
        }
        if (cached != null) {
            return cached;
        }
        JsonNode answer = http.post(subjectPath(subject), schemaBody(schema));
        int id = requireInt(answer, "id", subjectPath(subject));
        remember(key, id, lookedUpIds);
        return id;
    }

    /** Returns the schema with the given id ({@code GET /schemas/ids/{id}}). Cached. */
    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        Schema schema = parseSchema(http.get(path), path);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /** Returns the latest version under {@code subject} ({@code GET /subjects/{subject}/versions/latest}). Not cached. */
    @Override
    public RegisteredSchema latest(String subject) {
        String path = subjectPath(subject) + "/versions/latest";
        JsonNode answer = http.get(path);
        Schema schema = parseSchema(answer, path);
        int id = requireInt(answer, "id", path);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(subject, id, requireInt(answer, "version", path), schema);
    }

    /**
     * Whether {@code schema} is compatible with the latest version under {@code subject}, by the subject's
     * compatibility level ({@code POST /compatibility/subjects/{subject}/versions/latest}).
     */
    public boolean isCompatible(String subject, Schema schema) {
        String path = "/compatibility" + subjectPath(subject) + "/versions/latest";
        JsonNode answer = http.post(path, schemaBody(schema));
        JsonNode flag = answer.get("is_compatible");
        if (flag == null || !flag.isBoolean()) {
            throw unexpected(path, "is_compatible", answer);
        }
        return flag.booleanValue();
    }

    /**
     * The compatibility level of {@code subject} ({@code GET /config/{subject}}), falling back to the global level
     * when the subject has none of its own; the global level ({@code GET /config}) when {@code subject} is null.
     */
    public CompatibilityLevel compatibility(String subjectOrNullForGlobal) {
        if (subjectOrNullForGlobal == null) {
            return readLevel(http.get("/config"), "/config");
        }
        String path = "/config/" + encode(subjectOrNullForGlobal) + "?defaultToGlobal=true";
        try {
            return readLevel(http.get(path), path);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return compatibility(null);
            }
            throw e;
        }
    }

    /** Sets the compatibility level of {@code subject}, or the global level when null ({@code PUT /config[/{subject}]}). */
    public void setCompatibility(String subjectOrNullForGlobal, CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        String path = subjectOrNullForGlobal == null ? "/config" : "/config/" + encode(subjectOrNullForGlobal);
        http.put(path, Map.of("compatibility", level.name()));
    }

    /** All subjects ({@code GET /subjects}). */
    public List<String> subjects() {
        JsonNode answer = http.get("/subjects");
        if (!answer.isArray()) {
            throw unexpected("/subjects", "a JSON array", answer);
        }
        List<String> subjects = new ArrayList<>(answer.size());
        answer.forEach(n -> subjects.add(n.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + http.baseUrl() + "]";
    }

    private void remember(SubjectSchema key, int id, Map<SubjectSchema, Integer> cache) {
        cache.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, key.schema());
    }

    private static Map<String, String> schemaBody(Schema schema) {
        return Map.of("schema", registryForm(schema));
    }

    /**
     * The text this client sends for {@code schema} (to register it, look its id up or check its compatibility):
     * {@link Schema#toString()} of the schema without the Java code generator's {@value #JAVA_STRING_PROPERTY}
     * properties. That is what parsing the repo's {@code .avsc} file gives, so a client in any language that sends
     * the file's text (or that text in Avro's compact form) names the same schema: Confluent's registry compares
     * parsed schemas, and the local Apicurio registry compares canonical forms. With the property, which generated
     * classes carry on every string and which means nothing outside Java, no lookup by the file's text matched.
     * (Confluent's own serializer has {@code avro.remove.java.properties} for the same reason.)
     */
    public static String registryForm(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        String text = schema.toString();
        if (!text.contains(JAVA_STRING_PROPERTY)) {
            return text;
        }
        try {
            JsonNode tree = JSON.readTree(text);
            withoutJavaStringProperty(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree)).toString();
        } catch (java.io.IOException | SchemaParseException e) {
            throw new IllegalStateException(
                    "cannot remove " + JAVA_STRING_PROPERTY + " from schema " + schema.getFullName(), e);
        }
    }

    private static void withoutJavaStringProperty(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.remove(JAVA_STRING_PROPERTY);
        }
        node.forEach(SchemaRegistryClient::withoutJavaStringProperty);
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String encode(String subject) {
        Objects.requireNonNull(subject, "subject");
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Schema parseSchema(JsonNode answer, String path) {
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw unexpected(path, "schema", answer);
        }
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(
                    "GET " + url(path) + ": schema type " + type + " is not Avro",
                    url(path),
                    200,
                    SchemaRegistryException.NONE,
                    null);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    "GET " + url(path) + ": registry returned a schema that does not parse: " + e.getMessage(),
                    url(path),
                    200,
                    SchemaRegistryException.NONE,
                    e);
        }
    }

    private CompatibilityLevel readLevel(JsonNode answer, String path) {
        JsonNode level = answer.hasNonNull("compatibilityLevel")
                ? answer.get("compatibilityLevel")
                : answer.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw unexpected(path, "compatibilityLevel", answer);
        }
        try {
            return CompatibilityLevel.parse(level.asText());
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(
                    "GET " + url(path) + ": " + e.getMessage(), url(path), 200, SchemaRegistryException.NONE, e);
        }
    }

    private int requireInt(JsonNode answer, String field, String path) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw unexpected(path, field, answer);
        }
        return value.intValue();
    }

    private SchemaRegistryException unexpected(String path, String expected, JsonNode answer) {
        return new SchemaRegistryException(
                url(path) + ": unexpected answer from the registry, expected " + expected + " in " + answer,
                url(path),
                200,
                SchemaRegistryException.NONE,
                null);
    }

    private String url(String path) {
        return http.baseUrl() + path;
    }

    private record SubjectSchema(String subject, Schema schema) {
        SubjectSchema {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /** Builds a {@link SchemaRegistryClient}; every setting has a default. */
    public static final class Builder {
        private final String baseUrl;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxRetries = 5;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private Sleeper sleeper = Sleeper.REAL;

        private Builder(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
                throw new IllegalArgumentException(
                        "schema registry URL must start with http:// or https://, was '" + baseUrl + "'");
            }
            this.baseUrl = baseUrl;
        }

        /** Timeout of one HTTP request, connecting included. Default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("requestTimeout must be positive, was " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        /** Retries after the first attempt on connection errors, HTTP 5xx and 429. Default 5; 0 disables retries. */
        public Builder maxRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, was " + retries);
            }
            this.maxRetries = retries;
            return this;
        }

        /** Wait before the first retry; doubled on each further retry up to {@link #maxBackoff}. Default 100 ms. */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = Objects.requireNonNull(backoff, "initialBackoff");
            return this;
        }

        /** Longest wait between two attempts. Default 5 s. */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = Objects.requireNonNull(backoff, "maxBackoff");
            return this;
        }

        /** Replaces the wait between retries (tests). */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Builds the client; no request is made until the first call. */
        public SchemaRegistryClient build() {
            new RetryPolicy(maxRetries, initialBackoff, maxBackoff); // validates the combination
            return new SchemaRegistryClient(this);
        }
    }
}
