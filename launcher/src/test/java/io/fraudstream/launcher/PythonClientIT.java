package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fraudstream.inprocess.Pipeline;
import io.fraudstream.localstack.LocalStackExtension;
import io.fraudstream.localstack.StackState;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.schemas.topics.TopicCatalogue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * fraudstream's Kafka contracts from another language: Debian's Python {@code confluent-kafka} (librdkafka) with
 * Apache Avro produces raw transactions, good and bad, and decodes every output topic with the client's stock
 * settings, through the schema registry ({@code clients/python/interop_check.py}, which says what it checks). The
 * feature stream and the scoring service (rules only, no model) run in this JVM on the shared local stack, on topics
 * of their own, as in {@link EndToEndIT}.
 *
 * <p>Skipped, saying so, when {@code /usr/bin/python3} cannot import the client ({@code .ci/run} installs it).
 */
class PythonClientIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = ROOT.resolve("clients/python/interop_check.py");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String INSTALL = "apt-get install -y python3-confluent-kafka python3-avro python3-requests";
    private static final Duration DEADLINE = Duration.ofMinutes(5); // an upper bound on a loaded 2-core machine
    private static final int SCRIPT_TIMEOUT_SECONDS = 180; // the script's own wait, inside the deadline
    private static final String SIGNING_KEY = "python-client-test-signing-key-0123456789";

    /** Before the stack is asked for (the test method's parameter), so a machine without the client starts nothing. */
    @BeforeEach
    void requirePythonClient() throws Exception {
        assumeTrue(
                Files.isExecutable(PYTHON),
                "the Python client test needs " + PYTHON + ", not found; on Debian: " + INSTALL);
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import confluent_kafka, avro, requests")
                .redirectErrorStream(true)
                .start();
        boolean done = probe.waitFor(60, TimeUnit.SECONDS); // a traceback at most: fits the pipe's buffer
        if (!done) {
            probe.destroyForcibly();
        }
        String out =
                done ? new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim() : "timed out";
        assumeTrue(
                done && probe.exitValue() == 0,
                "the Python client test needs confluent_kafka, avro and requests, " + "which " + PYTHON
                        + " cannot import (" + out + "); install the Debian packages: " + INSTALL);
    }

    @Test
    @ExtendWith(LocalStackExtension.class)
    void shouldProduceAndDecodeEveryTopicWithThePythonConfluentClient(StackState stack, @TempDir Path dir)
            throws Exception {
        // Given the feature stream and the scoring service on topics of this test
        String prefix = "py-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Map<String, String> names = new LinkedHashMap<>();
        for (String id : TopicCatalogue.IDS) {
            names.put(RuntimeConfig.topicNameKey(id), prefix + id);
        }
        Pipeline.Settings settings = new Pipeline.Settings(
                stack.bootstrapServers(),
                stack.registryUrl(),
                names,
                prefix,
                dir,
                SIGNING_KEY,
                Optional.empty(),
                0,
                Optional.empty(),
                dir.resolve("reports"),
                Map.of("commit.interval.ms", "100"),
                Map.of());
        try (Pipeline pipeline = Pipeline.start(settings)) {
            pipeline.awaitRunning(DEADLINE);

            // When the Python client produces good and bad transactions and reads every output topic
            List<String> cmd = List.of(
                    PYTHON.toString(),
                    "-u",
                    SCRIPT.toString(),
                    "--bootstrap-servers",
                    stack.bootstrapServers(),
                    "--registry-url",
                    stack.registryUrl(),
                    "--topic-prefix",
                    prefix,
                    "--count",
                    "20",
                    "--from-beginning",
                    "--timeout",
                    Integer.toString(SCRIPT_TIMEOUT_SECONDS));
            Result result = run(cmd, pipeline);

            // Then both services ran throughout, every record is accounted for and every check passes
            assertThat(result.serviceStopped())
                    .as(
                            "a service stopped while the Python client ran (see its log above); "
                                    + "the client's report:%n%s",
                            result.report())
                    .isEmpty();
            assertThat(result.exit())
                    .as(
                            "exit status of %s (0: every check passed; 1: a check failed; 2: records not "
                                    + "accounted for; 3: setup failed); the client's report (full output above):%n%s",
                            String.join(" ", cmd), result.report())
                    .isZero();
            assertThat(result.report()).contains("OK: every record accounted for");
        }
    }

    /**
     * @param exit           the script's exit status
     * @param report         its output without the progress lines
     * @param serviceStopped the service that stopped while it ran, if one did
     */
    private record Result(int exit, String report, Optional<String> serviceStopped) {}

    /**
     * Runs {@code cmd}, streaming its output to the test log, within {@link #DEADLINE}. If a service of
     * {@code pipeline} stops meanwhile, nothing more can arrive: the script is sent SIGTERM, which makes it report
     * what is missing and exit.
     */
    private static Result run(List<String> cmd, Pipeline pipeline) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Process p = pb.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread pump = Thread.ofPlatform()
                .name("python-client-output")
                .daemon(true)
                .start(() -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            System.out.println("[python] " + line);
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        lines.add("(reading the output failed: " + e + ")");
                    }
                });
        try {
            long until = System.nanoTime() + DEADLINE.toNanos();
            Optional<String> stopped = Optional.empty();
            while (!p.waitFor(1, TimeUnit.SECONDS)) { // bounded by the deadline; watching the services meanwhile
                if (stopped.isEmpty()) {
                    stopped = stoppedService(pipeline);
                    if (stopped.isPresent()) {
                        System.out.println("[python-client-it] " + stopped.get() + ": stopping the client (SIGTERM)");
                        p.toHandle().destroy(); // SIGTERM, leaving the output open (Process.destroy closes it)
                        until = Math.min(
                                until,
                                System.nanoTime() + Duration.ofSeconds(30).toNanos());
                    }
                }
                if (System.nanoTime() > until) {
                    throw new AssertionError(cmd + " did not finish within " + DEADLINE
                            + stopped.map(s -> " (" + s + ")").orElse("") + "; its output:\n" + report(lines));
                }
            }
            pump.join(Duration.ofSeconds(10));
            return new Result(p.exitValue(), report(lines), stopped);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Optional<String> stoppedService(Pipeline pipeline) {
        KafkaStreams.State features = pipeline.features().streams().state();
        KafkaStreams.State scoring = pipeline.scoring().streams().state();
        if (!features.isRunningOrRebalancing()) {
            return Optional.of("the feature stream stopped (" + features + ")");
        }
        if (!scoring.isRunningOrRebalancing()) {
            return Optional.of("the scoring service stopped (" + scoring + ")");
        }
        return Optional.empty();
    }

    private static String report(List<String> lines) {
        synchronized (lines) {
            return lines.stream()
                    .filter(l -> !l.startsWith("interop_check: waiting: "))
                    .collect(Collectors.joining("\n"));
        }
    }
}
