package io.fraudstream.ingest.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fraudstream.ingest.kafka.IngestPublisher;
import io.fraudstream.schemas.avro.FraudLabel;
import io.fraudstream.schemas.avro.Transaction;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest API (routes under {@code /v1}, plus {@code /openapi.json}):
 * <ul>
 *   <li>{@code POST /v1/transactions}: one transaction;</li>
 *   <li>{@code POST /v1/transactions/batch}: {@code {"transactions":[...]}}, at most {@code ingest.batch.max.size};</li>
 *   <li>{@code POST /v1/labels}: one fraud label.</li>
 * </ul>
 * Answers: 202 {@code {"accepted":[ids]}} once Kafka acknowledged every record (acks=all); 400 with every bad field
 * and why (a batch is all or nothing: one bad transaction rejects it, nothing is produced); 401 without the
 * configured API key; 413 for a body over {@code ingest.max.body.bytes} or a batch over the maximum; 415 for a
 * non-JSON content type; 503 with {@code Retry-After} when Kafka or the schema registry could not take the records in
 * time (the body lists the ids that were nevertheless acknowledged; the client retries the rest, or all of them:
 * the stream deduplicates by transaction id).
 *
 * <p>Card numbers are tokenized while mapping, before anything is produced; request bodies are never logged and
 * error messages never echo submitted values.
 */
public final class IngestHttpApi {

    public static final String TRANSACTIONS_PATH = "/v1/transactions";
    public static final String BATCH_PATH = "/v1/transactions/batch";
    public static final String LABELS_PATH = "/v1/labels";
    public static final String OPENAPI_PATH = "/openapi.json";
    /** Every path this class serves (the runtime adds /health, /ready, /metrics). */
    public static final List<String> PATHS = List.of(TRANSACTIONS_PATH, BATCH_PATH, LABELS_PATH, OPENAPI_PATH);

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final String JSON = "application/json";
    private static final Logger LOG = LoggerFactory.getLogger(IngestHttpApi.class);

    private final RequestMapper mapper;
    private final IngestPublisher publisher;
    private final int maxBatch;
    private final int maxBodyBytes;
    private final Optional<byte[]> apiKey;
    private final int retryAfterSeconds;
    private final ObjectMapper json;
    private final byte[] openApi;
    private final MeterRegistry meters;
    private final Timer requestTimer;

    /**
     * @param mapper            JSON to Avro, with tokenization
     * @param publisher         the Kafka producer
     * @param maxBatch          most transactions per batch
     * @param maxBodyBytes      largest body
     * @param apiKey            required API key, if any
     * @param retryAfterSeconds Retry-After of a 503
     * @param meters            request counters (may be null)
     */
    public IngestHttpApi(
            RequestMapper mapper,
            IngestPublisher publisher,
            int maxBatch,
            int maxBodyBytes,
            Optional<String> apiKey,
            int retryAfterSeconds,
            MeterRegistry meters) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.maxBatch = maxBatch;
        this.maxBodyBytes = maxBodyBytes;
        this.apiKey = apiKey.filter(k -> !k.isEmpty()).map(k -> k.getBytes(StandardCharsets.UTF_8));
        this.retryAfterSeconds = retryAfterSeconds;
        this.json = newObjectMapper();
        this.openApi = loadOpenApi();
        this.meters = meters;
        this.requestTimer = meters == null
                ? null
                : Timer.builder("fraudstream.ingest.http.request")
                        .description("HTTP ingest request time, receipt to answer")
                        .register(meters);
    }

    /** The Jackson mapper of the API: duplicate keys are an error (two "pan" fields must not slip through). */
    static ObjectMapper newObjectMapper() {
        JsonMapper m = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        m.getFactory()
                .setStreamReadConstraints(
                        StreamReadConstraints.builder().maxNestingDepth(32).build());
        return m;
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = IngestHttpApi.class.getResourceAsStream("/openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers the routes; pass to {@code ServiceHttpServer.routes(...)}. */
    public void register(Javalin app) {
        app.before("/v1/*", this::authenticate);
        app.post(TRANSACTIONS_PATH, ctx -> handle(ctx, "transaction", this::single));
        app.post(BATCH_PATH, ctx -> handle(ctx, "batch", this::batch));
        app.post(LABELS_PATH, ctx -> handle(ctx, "label", this::label));
        app.get(OPENAPI_PATH, ctx -> ctx.contentType(JSON).result(openApi));
    }

    private void authenticate(Context ctx) {
        if (apiKey.isEmpty()) return;
        String given = ctx.header(API_KEY_HEADER);
        if (given == null) {
            String auth = ctx.header("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7))
                given = auth.substring(7).trim();
        }
        if (given == null || !MessageDigest.isEqual(apiKey.get(), given.getBytes(StandardCharsets.UTF_8))) {
            count("401");
            ctx.header("WWW-Authenticate", "ApiKey header=\"" + API_KEY_HEADER + "\"");
            ctx.skipRemainingHandlers();
            respond(
                    ctx,
                    401,
                    problem(401, "Unauthorized", "missing or wrong API key (header " + API_KEY_HEADER + ")", ctx));
        }
    }

    /** The outcome of mapping a request: records to send, or the reply to give at once. */
    private record Parsed(List<Transaction> transactions, List<FraudLabel> labels, Reply reply) {
        static Parsed of(Reply r) {
            return new Parsed(List.of(), List.of(), r);
        }
    }

    /** A status and a JSON body, plus headers. */
    record Reply(int status, Map<String, Object> body, Map<String, String> headers) {
        Reply(int status, Map<String, Object> body) {
            this(status, body, Map.of());
        }
    }

    private void handle(Context ctx, String kind, Function<JsonNode, Parsed> parse) {
        long start = System.nanoTime();
        String contentType = ctx.contentType();
        if (contentType != null
                && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
            finish(ctx, kind, start, new Reply(415, problem(415, "Unsupported Media Type", "send " + JSON, ctx)));
            return;
        }
        byte[] body;
        try {
            body = readBody(ctx);
        } catch (IOException e) {
            finish(
                    ctx,
                    kind,
                    start,
                    new Reply(400, problem(400, "Bad Request", "could not read the request body", ctx)));
            return;
        }
        if (body == null) {
            finish(
                    ctx,
                    kind,
                    start,
                    new Reply(
                            413,
                            problem(
                                    413,
                                    "Payload Too Large",
                                    "request body larger than " + maxBodyBytes + " bytes (ingest.max.body.bytes)",
                                    ctx)));
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson messages can quote the input: report only where it broke
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            finish(
                    ctx,
                    kind,
                    start,
                    new Reply(400, invalid(ctx, List.of(new FieldError("$", "malformed JSON" + where)))));
            return;
        } catch (IOException e) {
            finish(
                    ctx,
                    kind,
                    start,
                    new Reply(400, problem(400, "Bad Request", "could not read the request body", ctx)));
            return;
        } finally {
            java.util.Arrays.fill(body, (byte) 0); // the body may hold card numbers
        }
        if (root == null || root.isMissingNode()) {
            finish(
                    ctx,
                    kind,
                    start,
                    new Reply(400, invalid(ctx, List.of(new FieldError("$", "request body is empty")))));
            return;
        }
        Parsed parsed = parse.apply(root);
        if (parsed.reply() != null) {
            finish(ctx, kind, start, parsed.reply());
            return;
        }
        List<String> ids = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        for (Transaction t : parsed.transactions()) {
            ids.add(t.getTransactionId());
            sends.add(publisher.transaction(t));
        }
        for (FraudLabel l : parsed.labels()) {
            ids.add(l.getTransactionId());
            sends.add(publisher.label(l));
        }
        ctx.future(() -> CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .handle((ok, ignored) -> outcome(ctx, ids, sends))
                .thenAccept(reply -> finish(ctx, kind, start, reply)));
    }

    private Reply outcome(Context ctx, List<String> ids, List<CompletableFuture<RecordMetadata>> sends) {
        List<String> accepted = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Throwable firstFailure = null;
        boolean unavailable = false;
        for (int i = 0; i < sends.size(); i++) {
            CompletableFuture<RecordMetadata> f = sends.get(i);
            if (!f.isCompletedExceptionally()) {
                accepted.add(ids.get(i));
            } else {
                failed.add(ids.get(i));
                Throwable t = f.handle((r, e) -> e).join();
                if (firstFailure == null) firstFailure = t;
                unavailable |= IngestPublisher.isUnavailability(t);
            }
        }
        if (failed.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accepted", accepted);
            return new Reply(202, body);
        }
        if (unavailable) {
            Map<String, Object> body = problem(
                    503,
                    "Service Unavailable",
                    "Kafka is unavailable; nothing listed under 'failed' was stored: retry after " + retryAfterSeconds
                            + " s",
                    ctx);
            body.put("accepted", accepted);
            body.put("failed", failed);
            return new Reply(503, body, Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
        }
        LOG.error(
                "{} {}: {} of {} records could not be produced",
                ctx.method(),
                ctx.path(),
                failed.size(),
                ids.size(),
                firstFailure);
        Map<String, Object> body = problem(500, "Internal Server Error", "records could not be produced", ctx);
        body.put("accepted", accepted);
        body.put("failed", failed);
        return new Reply(500, body);
    }

    private Parsed single(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        Transaction t = mapper.transaction(root, "", errors);
        return t == null ? Parsed.of(new Reply(400, invalid(null, errors))) : new Parsed(List.of(t), List.of(), null);
    }

    private Parsed label(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        FraudLabel l = mapper.label(root, "", errors);
        return l == null ? Parsed.of(new Reply(400, invalid(null, errors))) : new Parsed(List.of(), List.of(l), null);
    }

    private Parsed batch(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        if (!root.isObject()) {
            return Parsed.of(new Reply(
                    400,
                    invalid(null, List.of(new FieldError("$", "must be a JSON object {\"transactions\": [...]}")))));
        }
        root.fieldNames().forEachRemaining(n -> {
            if (!n.equals("transactions"))
                errors.add(new FieldError(n.length() > 64 ? "(name withheld)" : n, "unknown field"));
        });
        JsonNode items = root.get("transactions");
        if (items == null || !items.isArray()) {
            errors.add(new FieldError("transactions", "is required: an array of transactions"));
            return Parsed.of(new Reply(400, invalid(null, errors)));
        }
        if (items.isEmpty()) {
            errors.add(new FieldError("transactions", "must not be empty"));
        }
        if (items.size() > maxBatch) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", 413);
            body.put("error", "Payload Too Large");
            body.put("message", "batch of " + items.size() + " transactions exceeds ingest.batch.max.size=" + maxBatch);
            return Parsed.of(new Reply(413, body));
        }
        List<Transaction> out = new ArrayList<>(items.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Transaction t = mapper.transaction(items.get(i), "transactions[" + i + "].", errors);
            if (t != null) {
                if (!seen.add(t.getTransactionId())) {
                    errors.add(new FieldError(
                            "transactions[" + i + "].transactionId",
                            "duplicates an earlier transaction of this batch"));
                }
                out.add(t);
            }
        }
        if (!errors.isEmpty()) {
            return Parsed.of(new Reply(400, invalid(null, errors)));
        }
        return new Parsed(out, List.of(), null);
    }

    /** Reads the body, or null if it exceeds the limit; never reads more than the limit + 1 byte. */
    private byte[] readBody(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            return null;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buf = in.readNBytes(maxBodyBytes + 1);
            return buf.length > maxBodyBytes ? null : buf;
        }
    }

    private Map<String, Object> invalid(Context ctx, List<FieldError> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", 400);
        body.put("error", "Bad Request");
        body.put("message", errors.size() == 1 ? "1 invalid field" : errors.size() + " invalid fields");
        List<Map<String, String>> list = new ArrayList<>(errors.size());
        for (FieldError e : errors) {
            list.add(Map.of("field", e.field(), "message", e.message()));
        }
        body.put("errors", list);
        return body;
    }

    private static Map<String, Object> problem(int status, String error, String message, Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        body.put("message", message);
        if (ctx != null) body.put("path", ctx.path());
        return body;
    }

    private void finish(Context ctx, String kind, long startNanos, Reply reply) {
        reply.headers().forEach(ctx::header);
        if (reply.status() == 400 || reply.status() == 413 || reply.status() == 415) {
            reply.body().putIfAbsent("path", ctx.path());
        }
        respond(ctx, reply.status(), reply.body());
        if (meters != null) {
            requestTimer.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            Counter.builder("fraudstream.ingest.http.responses")
                    .tag("kind", kind)
                    .tag("status", String.valueOf(reply.status()))
                    .register(meters)
                    .increment();
        }
    }

    private void count(String outcome) {
        if (meters != null) {
            Counter.builder("fraudstream.ingest.http.responses")
                    .tag("kind", "any")
                    .tag("status", outcome)
                    .register(meters)
                    .increment();
        }
    }

    private void respond(Context ctx, int status, Map<String, Object> body) {
        try {
            ctx.status(status).contentType(JSON).result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
