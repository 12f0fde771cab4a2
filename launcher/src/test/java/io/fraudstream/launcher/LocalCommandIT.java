package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.localstack.StackState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fraudstream local start|status|stop} as a user runs it: through the script at the repository root, with
 * the jars this build just packaged.
 */
class LocalCommandIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void shouldStartReportAndStopTheStackLeavingNoProcessBehind(@TempDir Path dir) throws Exception {
        Result start = run("local", "start", "--dir", dir.toString());
        try {
            assertThat(start.exit).as(start.output).isZero();
            assertThat(start.output)
                    .contains(
                            "local stack ready in",
                            "kafka.bootstrap.servers=127.0.0.1:",
                            "schema.registry.url=http://127.0.0.1:");
            StackState state = StackState.read(dir).orElseThrow();
            assertThat(ProcessHandle.of(state.kafkaPid()))
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(ProcessHandle.of(state.registryPid()))
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            Result status = run("local", "status", "--dir", dir.toString());
            assertThat(status.exit).as(status.output).isZero();
            assertThat(status.output)
                    .contains(
                            "Kafka running at " + state.bootstrapServers(),
                            "schema registry running at " + state.registryUrl());

            Result stop = run("local", "stop", "--dir", dir.toString());
            assertThat(stop.exit).as(stop.output).isZero();
            assertThat(stop.output).contains("local stack stopped");
            assertThat(ProcessHandle.of(state.kafkaPid()).filter(ProcessHandle::isAlive))
                    .isEmpty();
            assertThat(ProcessHandle.of(state.registryPid()).filter(ProcessHandle::isAlive))
                    .isEmpty();

            Result after = run("local", "status", "--dir", dir.toString());
            assertThat(after.exit).isEqualTo(3);
            assertThat(after.output).contains("not running");
        } finally {
            run("local", "stop", "--dir", dir.toString());
        }
    }

    @Test
    void shouldExplainATakenPortWithoutAStackTrace(@TempDir Path dir) throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Result start =
                    run("local", "start", "--dir", dir.toString(), "--kafka-port", String.valueOf(busy.getLocalPort()));

            assertThat(start.exit).isEqualTo(1);
            assertThat(start.output)
                    .contains("error: port " + busy.getLocalPort(), "already in use", "--kafka-port")
                    .doesNotContain("\tat ");
        }
        assertThat(StackState.read(dir)).isEmpty();
    }

    private record Result(int exit, String output) {}

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("fraudstream").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
