package io.fraudstream.benchmarks;

import io.fraudstream.localstack.LocalStack;
import io.fraudstream.localstack.LocalStackSettings;
import io.fraudstream.localstack.StackState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker and registry a benchmark runs on: the running local stack of {@code dir} if there is one (left running),
 * otherwise a fresh one in a temporary directory (stopped and deleted by {@link #close()}).
 */
public final class BenchStack implements AutoCloseable {

    private final StackState state;
    private final LocalStack owned;
    private final Path ownedDir;

    private BenchStack(StackState state, LocalStack owned, Path ownedDir) {
        this.state = state;
        this.owned = owned;
        this.ownedDir = ownedDir;
    }

    /** Uses the local stack running in {@code dir}, or starts a temporary one. */
    public static BenchStack acquire(Path dir, PrintWriter out) throws IOException {
        LocalStack.Status status = LocalStack.status(dir);
        if (status.running()) {
            out.printf("using the running local stack (%s)%n", dir);
            return new BenchStack(status.state().orElseThrow(), null, null);
        }
        out.println("no local stack running: starting a temporary one");
        out.flush();
        Path temp = Files.createTempDirectory("fraudstream-bench-stack");
        LocalStack stack = LocalStack.start(LocalStackSettings.defaults(temp));
        return new BenchStack(stack.state(), stack, temp);
    }

    public String bootstrapServers() {
        return state.bootstrapServers();
    }

    public String registryUrl() {
        return state.registryUrl();
    }

    @Override
    public void close() throws IOException {
        if (owned != null) {
            owned.close();
            deleteRecursively(ownedDir); // the temporary stack's logs and data
        }
    }

    /** Deletes {@code dir} and everything below it, if it exists. */
    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
