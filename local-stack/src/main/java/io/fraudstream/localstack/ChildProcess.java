package io.fraudstream.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child JVM of the local stack: started with its output in a log file (never a pipe, so it outlives the
 * launcher when the stack runs detached), stopped with SIGTERM and, after a grace period, SIGKILL.
 *
 * <p>Where {@code setsid} exists (Linux) the child runs in a session of its own: a Ctrl-C in the terminal signals the
 * terminal's foreground process group, which is then the launcher alone, and the launcher stops its services before
 * the broker. (In the launcher's group the broker died at the same moment, and the services' last commit waited for it
 * until their close timeout.) {@code setsid} execs the command in place, so the pid is the child's.
 */
final class ChildProcess {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    private final String name;
    private final ProcessHandle handle;
    private final Path logFile;

    private ChildProcess(String name, ProcessHandle handle, Path logFile) {
        this.name = name;
        this.handle = handle;
        this.logFile = logFile;
    }

    static ChildProcess start(String name, List<String> command, Path workingDir, Path logFile) {
        return new ChildProcess(name, launch(name, command, workingDir, logFile).toHandle(), logFile);
    }

    /** Runs a command to completion (for example a formatting tool) and returns its exit code. */
    static int run(String name, List<String> command, Path workingDir, Path logFile, Duration timeout) {
        Process process = launch(name, command, workingDir, logFile);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new LocalStackException(name + " did not finish within " + timeout + "; see " + logFile);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while running " + name, e);
        }
    }

    private static Process launch(String name, List<String> command, Path workingDir, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(inOwnSession(command))
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
            log.debug("started {} (pid {}): {}", name, process.pid(), String.join(" ", command));
            return process;
        } catch (IOException e) {
            throw new LocalStackException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();

    /** {@code command} run through {@code setsid} where there is one; as it is elsewhere. */
    static List<String> inOwnSession(List<String> command) {
        return SETSID.map(setsid -> Stream.concat(Stream.of(setsid.toString()), command.stream())
                        .toList())
                .orElse(command);
    }

    /** A process of an earlier launcher, found by pid; empty unless it is alive and its command line has {@code marker}. */
    static Optional<ChildProcess> attach(String name, long pid, String marker, Path logFile) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(true))
                .map(h -> new ChildProcess(name, h, logFile));
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    String name() {
        return name;
    }

    long pid() {
        return handle.pid();
    }

    boolean isAlive() {
        return handle.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for error messages. */
    String logTail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path logFile, int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL; the same for any descendants. Idempotent. */
    void stop(Duration grace) {
        List<ProcessHandle> descendants = handle.descendants().toList();
        if (handle.isAlive()) {
            handle.destroy();
            try {
                handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("{} (pid {}) did not stop within {}; killing it", name, pid(), grace);
                handle.destroyForcibly();
                handle.onExit().join();
            }
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
