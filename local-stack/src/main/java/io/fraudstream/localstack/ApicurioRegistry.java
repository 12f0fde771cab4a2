package io.fraudstream.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry's runnable Quarkus distribution in a child JVM, serving the Confluent-compatible Schema
 * Registry API at {@code /apis/ccompat/v7}, with in-memory storage; HTTP and management ports on 127.0.0.1.
 */
final class ApicurioRegistry {
    private static final Logger log = LoggerFactory.getLogger(ApicurioRegistry.class);
    static final String RUN_JAR = "quarkus-run.jar";
    static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    /**
     * Looks schemas up ({@code POST /subjects/{subject}}) and deduplicates registrations by the schema's canonical
     * form, not its exact text, as Confluent's Schema Registry does: a client posting the repo's pretty-printed
     * {@code .avsc} text finds the schema the serializers registered in {@code Schema.toString()} form. Apicurio's
     * default compares the text byte for byte ("does not match any schema").
     */
    static final String CANONICAL_LOOKUPS = "-Dapicurio.ccompat.use-canonical-hash=true";
    /** On the registry's command line; tells our process from a reused pid. */
    static final String MARKER = "-Dfraudstream.local.stack=registry";

    private final LocalStackSettings settings;
    private final Path dir;
    private final int port;
    private final int managementPort;

    ApicurioRegistry(LocalStackSettings settings, int port, int managementPort) {
        this.settings = settings;
        this.dir = settings.workDir().resolve("registry");
        this.port = port;
        this.managementPort = managementPort;
    }

    /** The Confluent-compatible base URL that clients use. */
    String url() {
        return "http://" + Ports.LOOPBACK + ":" + port + CCOMPAT_PATH;
    }

    ChildProcess start() {
        Path jar = settings.apicurioHome().resolve(RUN_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new LocalStackException("Apicurio Registry is not unpacked at " + settings.apicurioHome()
                    + " (no " + RUN_JAR + "): build once with ./mvnw -DskipTests package, or point "
                    + LocalStackSettings.APICURIO_HOME_ENV + " at an unpacked apicurio-registry-app distribution");
        }
        List<String> cmd = List.of(
                settings.javaExecutable().toString(),
                "-Xms128m",
                "-Xmx" + settings.registryHeap(),
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                MARKER,
                "-Dquarkus.http.host=" + Ports.LOOPBACK,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=" + Ports.LOOPBACK,
                "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.storage.kind=sql",
                "-Dapicurio.storage.sql.kind=h2",
                "-Dquarkus.otel.sdk.disabled=true",
                "-Dquarkus.http.access-log.enabled=false",
                CANONICAL_LOOKUPS,
                "-jar",
                jar.toString());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LocalStackException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        return ChildProcess.start("Apicurio Registry", cmd, dir, dir.resolve("registry.log"));
    }

    /** Waits until the registry reports ready and its Confluent-compatible API answers, or the deadline passes. */
    void awaitReady(ChildProcess process, Instant deadline) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://" + Ports.LOOPBACK + ":" + managementPort + "/health/ready");
        URI subjects = URI.create(url() + "/subjects");
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LocalStackException("Apicurio Registry exited during start-up; last lines of "
                        + process.logFile() + ":\n" + process.logTail(30));
            }
            try {
                int readyStatus = get(http, ready);
                int apiStatus = readyStatus == 200 ? get(http, subjects) : -1;
                if (readyStatus == 200 && apiStatus == 200) {
                    log.debug("Apicurio Registry ready at {}", url());
                    return;
                }
                last = "ready " + readyStatus + ", api " + apiStatus;
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while waiting for the schema registry", e);
            }
            pause();
        }
        throw new LocalStackException("the schema registry at " + url() + " was not ready within "
                + settings.startTimeout() + " (" + last + "); log: " + process.logFile());
    }

    private static int get(HttpClient http, URI uri) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(2))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Polling interval while the registry boots (not a wait for a result: the loop re-checks the condition). */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
