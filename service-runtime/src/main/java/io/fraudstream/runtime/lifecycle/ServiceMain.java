package io.fraudstream.runtime.lifecycle;

import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.runtime.logging.Logging;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code main} of a service run alone from its jar: {@code java -jar <service>.jar [--config FILE]
 * [--set key=value]... [--help-config]}. Configuration: defaults, then {@code local.stack.file}, the file,
 * environment variables ({@code FRAUDSTREAM_<KEY>}), then {@code --set} overrides; parsed once, then the service runs
 * until it is closed (SIGTERM).
 *
 * @param <C> the service's configuration type
 */
public final class ServiceMain<C extends RuntimeConfig> {

    /** A started service that can be waited on. */
    @FunctionalInterface
    public interface Running {
        /** Blocks until the service is closed (by SIGTERM or its own close). */
        void awaitClosed() throws InterruptedException;
    }

    /** Starts the service from its parsed configuration. */
    @FunctionalInterface
    public interface Starter<C> {
        Running start(C config);
    }

    private final String name;
    private final ConfigDef definition;
    private final Function<Map<String, String>, C> make;
    private final Starter<C> starter;

    /**
     * @param name       the service's name, for the usage line
     * @param definition its configuration keys
     * @param make       makes the typed configuration from the resolved values
     * @param starter    starts the service
     */
    public ServiceMain(String name, ConfigDef definition, Function<Map<String, String>, C> make, Starter<C> starter) {
        this.name = name;
        this.definition = definition;
        this.make = make;
        this.starter = starter;
    }

    /** Parses {@code args}, loads the configuration and runs the service; exits with 2 on a usage or config error. */
    public void run(String[] args) throws InterruptedException {
        Path file = null;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> file = Path.of(value(args, ++i, "--config"));
                case "--set" -> {
                    String kv = value(args, ++i, "--set");
                    int eq = kv.indexOf('=');
                    if (eq < 1) {
                        fail("--set needs key=value, got " + kv);
                    }
                    overrides.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
                }
                case "--help-config" -> {
                    System.out.println(ConfigDocumentation.describe(definition));
                    return;
                }
                case "-h", "--help" -> {
                    System.out.println(usage());
                    return;
                }
                default -> fail("unknown argument " + args[i]);
            }
        }
        Logging.install();
        C config;
        try {
            config = ConfigLoader.create()
                    .withPropertiesFile(Optional.ofNullable(file))
                    .withOverrides(overrides)
                    .load(definition, make);
        } catch (ConfigException e) {
            fail(e.getMessage());
            return;
        }
        starter.start(config).awaitClosed();
    }

    private String usage() {
        return "usage: " + name + " [--config FILE] [--set key=value]... [--help-config]";
    }

    private String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        return args[i];
    }

    private void fail(String error) {
        System.err.println("error: " + error);
        System.err.println(usage());
        System.exit(2);
    }
}
