package io.fraudstream.scoring;

import io.fraudstream.schemas.avro.ScoredTransaction;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/scores/{transactionId}} across instances (Kafka Streams interactive queries).
 *
 * <p>Scores are stored by the instance that scored them, in the partition of the card, but a query names only the
 * transaction id: the instance that receives it looks in its own store first, then asks every other instance of the
 * application that hosts the store ({@code application.server} from {@link KafkaStreams#streamsMetadataForStore(String)})
 * with {@code ?scope=local}, and answers with the first score found. 404 only when every instance answered and none
 * had it; 503 when some instance could not be asked and none had it (the answer is not known).
 */
final class ScoreQueries {

    private static final Logger log = LoggerFactory.getLogger(ScoreQueries.class);
    /** Query parameter that keeps a query on the receiving instance (used between instances). */
    static final String SCOPE_PARAM = "scope";

    static final String SCOPE_LOCAL = "local";
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);

    private final RecentScores recent;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();
    private volatile Attached attached;

    private record Attached(KafkaStreams streams, HostInfo self) {}

    /** @param recent reads this instance's store */
    ScoreQueries(RecentScores recent) {
        this.recent = recent;
    }

    /**
     * Starts answering queries from {@code streams}; until then they get 503 (the HTTP server starts before Kafka
     * Streams, which needs its port for {@code application.server}).
     *
     * @param self this instance's {@code application.server}
     */
    void attach(KafkaStreams streams, HostInfo self) {
        attached = new Attached(streams, self);
    }

    void handle(Context ctx) {
        String id = ctx.pathParam("transactionId");
        if (id.isBlank() || id.length() > 200) {
            error(ctx, HttpStatus.BAD_REQUEST, "transactionId must be 1..200 characters");
            return;
        }
        Attached a = attached;
        if (a == null) {
            error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "scores not queryable yet: starting");
            return;
        }
        KafkaStreams ks = a.streams();
        HostInfo self = a.self();
        Optional<ScoredTransaction> local;
        try {
            local = local(ks, id);
        } catch (InvalidStateStoreException e) {
            error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "scores not queryable yet: " + e.getMessage());
            return;
        }
        if (local.isPresent()) {
            ctx.contentType("application/json").result(local.get().toString());
            return;
        }
        if (SCOPE_LOCAL.equals(ctx.queryParam(SCOPE_PARAM))) {
            error(ctx, HttpStatus.NOT_FOUND, "no recent score for transaction " + id + " on " + self);
            return;
        }
        List<String> unreachable = new ArrayList<>();
        for (HostInfo peer : peers(ks, self)) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(peerUri(peer, id))
                                .timeout(PEER_TIMEOUT)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    ctx.contentType("application/json").result(r.body());
                    return;
                }
                if (r.statusCode() != 404) {
                    unreachable.add(peer + " (HTTP " + r.statusCode() + ")");
                }
            } catch (IOException e) {
                unreachable.add(peer + " (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
                return;
            }
        }
        if (!unreachable.isEmpty()) {
            log.warn("score query for {}: instances not answering: {}", id, unreachable);
            error(
                    ctx,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "no recent score for transaction " + id + " on the instances that answered; not answering: "
                            + unreachable);
            return;
        }
        error(
                ctx,
                HttpStatus.NOT_FOUND,
                "no recent score for transaction " + id + " (scores are kept " + recent.retention() + ")");
    }

    private Optional<ScoredTransaction> local(KafkaStreams ks, String id) {
        ReadOnlyWindowStore<String, byte[]> store = ks.store(StoreQueryParameters.fromNameAndType(
                ScoringTopology.RECENT_SCORES_STORE, QueryableStoreTypes.windowStore()));
        return recent.latest(store, id, Instant.now());
    }

    /** The other instances that host the recent-scores store. */
    private static List<HostInfo> peers(KafkaStreams ks, HostInfo self) {
        return ks.streamsMetadataForStore(ScoringTopology.RECENT_SCORES_STORE).stream()
                .map(StreamsMetadata::hostInfo)
                .filter(h -> !h.equals(self))
                .distinct()
                .toList();
    }

    private static URI peerUri(HostInfo peer, String id) {
        return URI.create("http://" + peer.host() + ":" + peer.port() + "/v1/scores/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "?" + SCOPE_PARAM + "="
                + SCOPE_LOCAL);
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("status", status.getCode(), "message", message));
    }
}
