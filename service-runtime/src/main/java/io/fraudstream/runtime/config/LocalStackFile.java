package io.fraudstream.runtime.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a command finds the local stack's {@linkplain RuntimeConfig#LOCAL_STACK_FILE connection file}, lowest
 * precedence first: the program's default file if it exists; {@code FRAUDSTREAM_LOCAL_STACK_FILE} (or the key in a
 * properties file); {@code --dir DIR}, meaning {@code DIR/}{@value #NAME}; {@code --set local.stack.file=...}.
 */
public final class LocalStackFile {

    /** Name of the connection file in a local stack's work directory. */
    public static final String NAME = "connection.properties";

    private LocalStackFile() {}

    /** The connection file of the stack working in {@code dir}. */
    public static Path in(Path dir) {
        return dir.resolve(NAME);
    }

    /**
     * {@code loader} with the local stack file as a default ({@code defaultFile}, if it exists) or, when
     * {@code dir} is given, as an override, under {@code overrides}.
     *
     * @throws IllegalArgumentException if {@code dir} holds no connection file, or both {@code dir} and an
     *                                  override of {@value RuntimeConfig#LOCAL_STACK_FILE} are given
     */
    public static ConfigLoader locate(
            ConfigLoader loader, Optional<Path> dir, Optional<Path> defaultFile, Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        if (dir.isPresent()) {
            if (overrides.containsKey(RuntimeConfig.LOCAL_STACK_FILE)) {
                throw new IllegalArgumentException(
                        "give --dir or --set " + RuntimeConfig.LOCAL_STACK_FILE + ", not both");
            }
            Path file = in(dir.get()).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(
                        "no local stack in " + dir.get().toAbsolutePath() + " (no " + NAME
                                + "): start one with './fraudstream local start --dir " + dir.get() + "'");
            }
            all.put(RuntimeConfig.LOCAL_STACK_FILE, file.toString());
        } else {
            defaultFile
                    .filter(Files::isRegularFile)
                    .ifPresent(f -> defaults.put(
                            RuntimeConfig.LOCAL_STACK_FILE, f.toAbsolutePath().toString()));
        }
        all.putAll(overrides);
        return loader.withDefaults(defaults).withOverrides(all);
    }
}
