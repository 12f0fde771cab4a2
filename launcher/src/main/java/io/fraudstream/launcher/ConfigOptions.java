package io.fraudstream.launcher;

import io.fraudstream.localstack.StackDir;
import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.config.LocalStackFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * The configuration options every service subcommand shares: a properties file, single overrides, the local stack
 * to connect to and {@code --help-config}. The default local stack's connection file applies when it exists, so a
 * subcommand works right after {@code ./fraudstream local start}; {@code --dir DIR} finds a stack started with
 * {@code ./fraudstream local start --dir DIR}.
 */
final class ConfigOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with the configuration (see --help-config).")
    Path config;

    @Option(
            names = {"-s", "--set"},
            paramLabel = "KEY=VALUE",
            description = "Set a configuration key (repeatable), e.g. --set topics.partitions=6.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = {
                "Connect to the local stack started with './fraudstream local start --dir DIR' (reads DIR/"
                        + LocalStackFile.NAME + ").",
                "Default: the stack in <home>/.fraudstream/local if running; FRAUDSTREAM_LOCAL_STACK_FILE=DIR/"
                        + LocalStackFile.NAME + " does the same from the environment."
            })
    Path stackDir;

    @Option(
            names = "--help-config",
            description = "Describe every configuration key (type, default, meaning) and exit.")
    boolean helpConfig;

    /** The default local stack's connection file under the fraudstream home. */
    static Path localStackFile() {
        return LocalStackFile.in(StackDir.defaultDir());
    }

    /** Prints the keys of {@code definition} if {@code --help-config} was given; returns whether it was. */
    boolean printHelpConfig(ConfigDef definition, PrintWriter out) {
        if (helpConfig) {
            out.println(ConfigDocumentation.describe(definition));
        }
        return helpConfig;
    }

    /**
     * Loads the configuration once: defaults < local stack file < properties file < environment < {@code --dir} <
     * {@code --set}. Environment variables of the other services' keys are ignored.
     */
    <C extends org.apache.kafka.common.config.AbstractConfig> C load(
            ConfigDef definition, Function<Map<String, String>, C> make) {
        return loader(ConfigLoader.create()).load(definition, make);
    }

    /** {@code base} with this command's sources. */
    ConfigLoader loader(ConfigLoader base) {
        return LocalStackFile.locate(
                base.withKnownKeys(ServiceCatalogue.knownKeys()).withPropertiesFile(Optional.ofNullable(config)),
                Optional.ofNullable(stackDir),
                Optional.of(localStackFile()),
                overrides);
    }
}
