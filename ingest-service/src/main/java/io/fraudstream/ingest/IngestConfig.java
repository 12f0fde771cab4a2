package io.fraudstream.ingest;

import io.fraudstream.ingest.card.CardTokenizer;
import io.fraudstream.runtime.config.RuntimeConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the ingest service: {@link RuntimeConfig}'s shared keys plus the keys below, parsed once.
 *
 * <table>
 *   <caption>Ingest keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #CARD_TOKEN_SECRET}</td><td>(required)</td><td>HMAC key for card tokens, hex or base64,
 *   &ge; 32 bytes. Generate with {@code openssl rand -base64 32}.</td></tr>
 *   <tr><td>{@value #BATCH_MAX_SIZE}</td><td>1000</td><td>most transactions per batch request</td></tr>
 *   <tr><td>{@value #MAX_BODY_BYTES}</td><td>2 MiB</td><td>largest request body</td></tr>
 *   <tr><td>{@value #FUTURE_SKEW_MS}</td><td>300000</td><td>how far in the future an event time may be</td></tr>
 *   <tr><td>{@value #API_KEY}</td><td>(none)</td><td>if set, every /v1 request needs it</td></tr>
 *   <tr><td>{@value #KAFKA_TIMEOUT_MS}</td><td>5000</td><td>bound on a request's wait for Kafka</td></tr>
 *   <tr><td>{@value #RETRY_AFTER_SECONDS}</td><td>2</td><td>Retry-After of a 503</td></tr>
 *   <tr><td>{@value #SCHEMAS_AUTO_REGISTER}</td><td>true</td><td>register value schemas on first use</td></tr>
 * </table>
 */
public final class IngestConfig extends RuntimeConfig {

    /** Default service name. */
    public static final String SERVICE = "ingest-service";

    public static final String CARD_TOKEN_SECRET = "card.token.secret";
    public static final String BATCH_MAX_SIZE = "ingest.batch.max.size";
    public static final String MAX_BODY_BYTES = "ingest.max.body.bytes";
    public static final String FUTURE_SKEW_MS = "ingest.future.skew.ms";
    public static final String API_KEY = "ingest.api.key";
    public static final String KAFKA_TIMEOUT_MS = "ingest.kafka.timeout.ms";
    public static final String RETRY_AFTER_SECONDS = "ingest.retry.after.seconds";
    public static final String SCHEMAS_AUTO_REGISTER = "ingest.schemas.auto.register";

    private final Password cardTokenSecret;
    private final int batchMaxSize;
    private final int maxBodyBytes;
    private final Duration futureSkew;
    private final Optional<Password> apiKey;
    private final Duration kafkaTimeout;
    private final int retryAfterSeconds;
    private final boolean autoRegisterSchemas;

    /** The shared keys plus the ingest keys. */
    public static ConfigDef definition() {
        return RuntimeConfig.baseDefinition(SERVICE)
                .define(
                        CARD_TOKEN_SECRET,
                        Type.PASSWORD,
                        ConfigDef.NO_DEFAULT_VALUE,
                        Importance.HIGH,
                        "Secret key of the card tokens (HMAC-SHA-256): at least 32 bytes, written as hex "
                                + "('hex:' prefix optional) or base64 ('base64:' prefix optional). Generate one with "
                                + "'openssl rand -base64 32'. Every producer of one deployment (HTTP, replay, generator) "
                                + "must use the same secret, or one card gets several tokens. Never commit it; set it "
                                + "through FRAUDSTREAM_CARD_TOKEN_SECRET or a secret store.")
                .define(
                        BATCH_MAX_SIZE,
                        Type.INT,
                        1000,
                        Range.between(1, 100_000),
                        Importance.MEDIUM,
                        "Most transactions one POST /v1/transactions/batch may carry; more is answered 413.")
                .define(
                        MAX_BODY_BYTES,
                        Type.INT,
                        2 * 1024 * 1024,
                        Range.between(1024, 64 * 1024 * 1024),
                        Importance.MEDIUM,
                        "Largest request body in bytes; larger bodies are answered 413 without being parsed.")
                .define(
                        FUTURE_SKEW_MS,
                        Type.LONG,
                        300_000L,
                        Range.between(0, 86_400_000L),
                        Importance.MEDIUM,
                        "How far past the service's clock an eventTime (or labelTime) may lie, in milliseconds, to "
                                + "allow for clock skew between the payment system and this service; later times are a 400.")
                .define(
                        API_KEY,
                        Type.PASSWORD,
                        null,
                        Importance.MEDIUM,
                        "If set, every /v1 request must carry it in the X-Api-Key header (or as 'Authorization: "
                                + "Bearer <key>'); otherwise 401. Unset: no authentication (local use only).")
                .define(
                        KAFKA_TIMEOUT_MS,
                        Type.LONG,
                        5_000L,
                        Range.between(500, 600_000),
                        Importance.MEDIUM,
                        "Upper bound on how long a request waits for Kafka: sets the producer's delivery.timeout.ms "
                                + "and max.block.ms (and request.timeout.ms below them) unless set under producer.*. "
                                + "When it passes the request is answered 503 with Retry-After and the client retries.")
                .define(
                        RETRY_AFTER_SECONDS,
                        Type.INT,
                        2,
                        Range.between(0, 3600),
                        Importance.LOW,
                        "Value of the Retry-After header of a 503 (Kafka or schema registry unavailable), in seconds.")
                .define(
                        SCHEMAS_AUTO_REGISTER,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether the value schemas are registered in the schema registry on first use (true), or "
                                + "must already be registered (false, for registries managed by a schema pipeline).");
    }

    /** @throws ConfigException if a value is invalid or missing, including an undecodable or short secret */
    public IngestConfig(Map<?, ?> props) {
        super(definition(), props);
        cardTokenSecret = getPassword(CARD_TOKEN_SECRET);
        try {
            CardTokenizer.fromConfig(cardTokenSecret.value());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CARD_TOKEN_SECRET + ": " + e.getMessage());
        }
        batchMaxSize = getInt(BATCH_MAX_SIZE);
        maxBodyBytes = getInt(MAX_BODY_BYTES);
        futureSkew = Duration.ofMillis(getLong(FUTURE_SKEW_MS));
        apiKey =
                Optional.ofNullable(getPassword(API_KEY)).filter(p -> !p.value().isBlank());
        kafkaTimeout = Duration.ofMillis(getLong(KAFKA_TIMEOUT_MS));
        retryAfterSeconds = getInt(RETRY_AFTER_SECONDS);
        autoRegisterSchemas = getBoolean(SCHEMAS_AUTO_REGISTER);
    }

    /** A tokenizer with {@value #CARD_TOKEN_SECRET}. */
    public CardTokenizer cardTokenizer() {
        return CardTokenizer.fromConfig(cardTokenSecret.value());
    }

    public int batchMaxSize() {
        return batchMaxSize;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public Duration futureSkew() {
        return futureSkew;
    }

    /** {@value #API_KEY}, if configured. */
    public Optional<String> apiKey() {
        return apiKey.map(Password::value);
    }

    public Duration kafkaTimeout() {
        return kafkaTimeout;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    /**
     * {@link #producerProps()} with the timeouts bounded by {@value #KAFKA_TIMEOUT_MS} (keys set under
     * {@code producer.*} or {@code kafka.*} win).
     */
    public Map<String, Object> ingestProducerProps() {
        Map<String, Object> p = new LinkedHashMap<>(producerProps());
        long t = kafkaTimeout.toMillis();
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) t);
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, t);
        long linger = Long.parseLong(String.valueOf(p.getOrDefault(
                ProducerConfig.LINGER_MS_CONFIG,
                io.fraudstream.ingest.kafka.IngestPublisher.THROUGHPUT_DEFAULTS.get(ProducerConfig.LINGER_MS_CONFIG))));
        long delivery = Long.parseLong(String.valueOf(p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, Math.min(30_000, delivery - linger)));
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, serviceName());
        return p;
    }
}
