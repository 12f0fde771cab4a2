package io.fraudstream.runtime.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The default Kafka Streams state directory of one service instance:
 * {@code <root>/<application.id>/<slot>}, by default under the working directory's {@code .fraudstream/state}.
 *
 * <p>The slot is the lowest number no running instance holds, held with a file lock ({@code <slot>.lock} beside the
 * directory) until {@link #close()} or the process ends. So a restarted instance takes its previous slot back and
 * reuses its state, while a second instance started in the same directory (or a second stack on the host) takes the
 * next slot instead of failing on Kafka Streams' "Unable to obtain lock" in the shared system temp directory.
 * An explicit {@code state.dir} always wins; then no slot is taken.
 */
public final class InstanceStateDir implements AutoCloseable {

    /** Where state directories go unless configured: {@code .fraudstream/state} under the working directory. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.dir"))
                .toAbsolutePath()
                .resolve(".fraudstream")
                .resolve("state");
    }

    private static final int MAX_SLOTS = 1024;

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceStateDir(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lowest free slot of {@code applicationId} under {@code root}, creating its directory.
     *
     * @throws IllegalStateException if every slot is held
     */
    public static InstanceStateDir acquire(Path root, String applicationId) {
        Objects.requireNonNull(applicationId, "applicationId");
        Path appDir = root.resolve(applicationId);
        try {
            Files.createDirectories(appDir);
            for (int slot = 0; slot < MAX_SLOTS; slot++) {
                FileChannel channel = FileChannel.open(
                        appDir.resolve(slot + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    Path dir = Files.createDirectories(appDir.resolve(Integer.toString(slot)));
                    return new InstanceStateDir(dir, channel, lock);
                }
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory under " + appDir, e);
        }
        throw new IllegalStateException("every one of the " + MAX_SLOTS + " state directories under " + appDir
                + " is held by a running instance; set streams." + StreamsConfig.STATE_DIR_CONFIG);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) { // held by this very process
            return null;
        }
    }

    /** The state directory: give it to Kafka Streams as {@code state.dir}. */
    public Path path() {
        return path;
    }

    /** Releases the slot (the directory and its state stay for the next instance). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the state directory lock of " + path, e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
