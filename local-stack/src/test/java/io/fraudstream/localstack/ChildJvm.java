package io.fraudstream.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's {@code main} in a child JVM on the test's class path, so a test can kill it with SIGKILL
 * ({@link #kill()}) the way a crashed machine would. Configuration goes in as {@code --set key=value} options (the
 * services' {@code ServiceMain} convention); output goes to a log file. A check that fails while the child runs
 * can say what the child was doing ({@link #explainFailure}): CI keeps the test's message, not the child's log.
 */
public final class ChildJvm implements AutoCloseable {

    private static final int ERROR_LINES = 30;
    private static final int LAST_LINES = 15;

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} with {@code config} and a 512 MB heap, its output going to {@code log}. */
    public static ChildJvm start(Class<?> mainClass, Map<String, String> config, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass.getName()));
        config.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        return new ChildJvm(
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start(),
                log);
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Runs {@code check}; if it fails, fails with the child's state and the end of its log added to the message. */
    public void explainFailure(Check check) throws Exception {
        try {
            check.run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + describe(), e);
        }
    }

    /** Whether the child runs, and the errors and last lines of its log. */
    public String describe() {
        StringBuilder b = new StringBuilder("child JVM ")
                .append(process.pid())
                .append(process.isAlive() ? " is running" : " exited with " + process.exitValue())
                .append("; its log ")
                .append(log)
                .append(":\n");
        try {
            List<String> lines = Files.readAllLines(log);
            // ERROR-level lines only: services log expected rejections (dead letters) at WARN with their exceptions
            List<String> errors = lines.stream()
                    .filter(l -> l.contains(" ERROR ") || l.startsWith("Exception in thread"))
                    .toList();
            b.append("  last errors:\n");
            errors.subList(Math.max(0, errors.size() - ERROR_LINES), errors.size())
                    .forEach(l -> b.append("    ").append(l).append('\n'));
            b.append("  last lines:\n");
            lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size())
                    .forEach(l -> b.append("    ").append(l).append('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toString();
    }

    /** SIGTERM (a graceful shutdown), then waits for the process to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A test step that may throw. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }
}
