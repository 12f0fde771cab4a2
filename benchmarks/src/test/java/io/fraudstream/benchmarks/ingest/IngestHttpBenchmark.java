package io.fraudstream.benchmarks.ingest;

import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.IngestService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP ingest load test on loopback: starts the ingest service in this JVM against the running local stack
 * ({@code ./fraudstream local start}), then {@code --clients} concurrent clients POST batches of {@code --batch}
 * transactions (distinct, Luhn-valid PANs, so every transaction is tokenized) to /v1/transactions/batch, each
 * waiting for its answer before sending the next (closed loop). Prints transactions/s and request latency
 * percentiles. Target: >= 10,000 transactions/s with p99 < 50 ms per request.
 *
 * <pre>
 * ./fraudstream local start
 * ./mvnw -q -pl benchmarks test-compile exec:exec@ingest-http -Dbench.args="--requests 3000 --clients 8"
 * </pre>
 * Options: {@code --requests N} (measured batches, default 3000), {@code --warmup N} (default 500),
 * {@code --batch N} (default 100), {@code --clients N} (default 8), {@code --stack DIR} (default .fraudstream/local),
 * {@code --url http://host:port} (load an already running service instead of starting one).
 */
public final class IngestHttpBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int requests = Integer.parseInt(opt.getOrDefault("requests", "3000"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "500"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "100"));
        int clients = Integer.parseInt(opt.getOrDefault("clients", "8"));
        Path home = Path.of(System.getProperty("fraudstream.home", System.getProperty("user.dir")));
        if (!Files.exists(home.resolve(".fraudstream"))
                && Files.exists(home.getParent().resolve(".fraudstream"))) {
            home = home.getParent(); // run from the module directory by Maven
        }
        Path stackDir = Path.of(
                opt.getOrDefault("stack", home.resolve(".fraudstream/local").toString()));

        IngestService service = null;
        String url = opt.get("url");
        if (url == null) {
            Map<String, String> o = new HashMap<>();
            o.put(
                    IngestConfig.LOCAL_STACK_FILE,
                    stackDir.resolve("connection.properties").toString());
            o.put(IngestConfig.CARD_TOKEN_SECRET, "hex:" + "5a".repeat(32));
            o.put(IngestConfig.BATCH_MAX_SIZE, String.valueOf(Math.max(batch, 1000)));
            if (!Files.exists(stackDir.resolve("connection.properties"))) {
                System.err.println("no local stack at " + stackDir + ": run ./fraudstream local start first");
                System.exit(2);
            }
            IngestConfig config = IngestService.loadConfig(null, o, home);
            service = IngestService.start(config);
            url = "http://127.0.0.1:" + service.port();
        }
        try {
            run(url, requests, warmup, batch, clients);
        } finally {
            if (service != null) service.close();
        }
    }

    static void run(String url, int requests, int warmup, int batch, int clients) throws Exception {
        List<String> pans = pans(5000, new Random(42));
        System.out.printf(
                "ingest-http benchmark: %s, batches of %d, %d clients, %d warm-up + %d measured requests%n",
                url, batch, clients, warmup, requests);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4))
                .build();
        URI uri = URI.create(url + "/v1/transactions/batch");
        AtomicInteger seq = new AtomicInteger();
        // warm-up (JIT, schema registration, producer metadata)
        phase(http, uri, warmup, batch, clients, pans, seq, "warmup");
        Result r = phase(http, uri, requests, batch, clients, pans, seq, "run");
        long[] lat = r.latenciesNanos();
        Arrays.sort(lat);
        double secs = r.elapsed().toNanos() / 1e9;
        System.out.printf(
                "requests: %d (%d not 202), transactions: %d, elapsed %.2f s%n",
                lat.length, r.errors(), (long) lat.length * batch, secs);
        System.out.printf(
                "throughput: %.0f transactions/s (%.0f requests/s)%n", lat.length * batch / secs, lat.length / secs);
        System.out.printf(
                "latency per request: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                pct(lat, 50), pct(lat, 90), pct(lat, 99), pct(lat, 99.9), lat[lat.length - 1] / 1e6);
        boolean ok = lat.length * batch / secs >= 10_000 && pct(lat, 99) < 50 && r.errors() == 0;
        System.out.println("target (>= 10,000 transactions/s, p99 < 50 ms, no errors): " + (ok ? "MET" : "NOT MET"));
    }

    record Result(long[] latenciesNanos, Duration elapsed, long errors) {}

    static Result phase(
            HttpClient http,
            URI uri,
            int requests,
            int batch,
            int clients,
            List<String> pans,
            AtomicInteger seq,
            String phase)
            throws Exception {
        long[] lat = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    String body = body(phase, seq, batch, pans);
                    HttpRequest req = HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                    lat[i] = System.nanoTime() - t0;
                    if (resp.statusCode() != 202) {
                        if (errors.incrementAndGet() <= 3) System.err.println(resp.statusCode() + " " + resp.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        pool.shutdown();
        return new Result(lat, elapsed, errors.get());
    }

    static String body(String phase, AtomicInteger seq, int batch, List<String> pans) {
        StringBuilder sb = new StringBuilder(batch * 330).append("{\"transactions\":[");
        String now = Instant.now().minusSeconds(1).toString();
        for (int j = 0; j < batch; j++) {
            int n = seq.incrementAndGet();
            if (j > 0) sb.append(',');
            sb.append("{\"transactionId\":\"bench-")
                    .append(phase)
                    .append('-')
                    .append(System.identityHashCode(seq))
                    .append('-')
                    .append(n)
                    .append("\",\"pan\":\"")
                    .append(pans.get(n % pans.size()))
                    .append("\",\"merchantId\":\"m-")
                    .append(n % 997)
                    .append("\",\"merchantCategoryCode\":\"5411\",\"merchantCountry\":\"DE\",\"amountMinor\":")
                    .append(100 + n % 50_000)
                    .append(",\"currency\":\"EUR\",\"eventTime\":\"")
                    .append(now)
                    .append("\",\"channel\":\"POS\",\"entryMode\":\"CHIP\",\"latitude\":52.52,\"longitude\":13.405}");
        }
        return sb.append("]}").toString();
    }

    static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Luhn-valid 16-digit PANs starting with 4. */
    static List<String> pans(int n, Random rnd) {
        List<String> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int[] d = new int[16];
            d[0] = 4;
            for (int i = 1; i < 15; i++) d[i] = rnd.nextInt(10);
            int sum = 0;
            for (int i = 14, pos = 0; i >= 0; i--, pos++) {
                int v = d[i];
                if (pos % 2 == 0) {
                    v *= 2;
                    if (v > 9) v -= 9;
                }
                sum += v;
            }
            d[15] = (10 - sum % 10) % 10;
            StringBuilder sb = new StringBuilder(16);
            for (int v : d) sb.append(v);
            out.add(sb.toString());
        }
        return out;
    }
}
