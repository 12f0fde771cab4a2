package io.fraudstream.launcher;

import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.config.RuntimeConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configuration options every service subcommand shares: a properties file, single overrides and
 * {@code --help-config}. The local stack's connection file applies by default when it exists, so a subcommand works
 * right after {@code ./fraudstream local start}.
 */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the configuration (see --help-config).")
    Path config;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Set a configuration key (repeatable), e.g. --set topics.partitions=6.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--help-config", description = "Describe every configuration key (type, default, meaning) and exit.")
    boolean helpConfig;

    /** The local stack's connection file under the fraudstream home. */
    static Path localStackFile() {
        return FraudstreamCli.home().resolve(".fraudstream/local/connection.properties");
    }

    /** Prints the keys of {@code definition} if {@code --help-config} was given; returns whether it was. */
    boolean printHelpConfig(ConfigDef definition, PrintWriter out) {
        if (helpConfig) {
            out.println(ConfigDocumentation.describe(definition));
        }
        return helpConfig;
    }

    /** Loads the configuration once: defaults < local stack file < properties file < environment < overrides. */
    <C extends org.apache.kafka.common.config.AbstractConfig> C load(ConfigDef definition, Function<Map<String, String>, C> make) {
        Map<String, String> values = new LinkedHashMap<>();
        if (Files.isRegularFile(localStackFile())) {
            values.put(RuntimeConfig.LOCAL_STACK_FILE, localStackFile().toString());
        }
        values.putAll(overrides);
        return ConfigLoader.create().withPropertiesFile(Optional.ofNullable(config)).withOverrides(values)
                .load(definition, make);
    }

    /** A started long-running service: its HTTP port and how to wait until it stops. */
    record Running(int httpPort, Blocking awaitClosed) {
        interface Blocking {
            void run() throws InterruptedException;
        }
    }

    /**
     * The body of a service subcommand: {@code --help-config}, or logging, the configuration loaded once, the service
     * started, a line saying where its HTTP endpoints are, and a wait until Ctrl-C / SIGTERM stops it.
     */
    <C extends org.apache.kafka.common.config.AbstractConfig> int runService(ConfigDef definition,
            Function<Map<String, String>, C> make, Function<C, Running> start, String name, PrintWriter out)
            throws InterruptedException {
        if (printHelpConfig(definition, out)) {
            return 0;
        }
        io.fraudstream.runtime.logging.Logging.install();
        Running running = start.apply(load(definition, make));
        out.println(name + " running (HTTP /health /ready /metrics on port " + running.httpPort() + "); Ctrl-C stops it");
        out.flush();
        running.awaitClosed().run();
        return 0;
    }
}
