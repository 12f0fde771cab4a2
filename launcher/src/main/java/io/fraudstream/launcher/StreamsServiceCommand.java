package io.fraudstream.launcher;

import io.fraudstream.runtime.logging.Logging;
import io.fraudstream.runtime.streams.RunningStreamsService;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The body of the subcommands that run one Kafka Streams service until Ctrl-C / SIGTERM ({@code features},
 * {@code score}, {@code pipeline-app}): {@code --help-config}, or logging, the configuration loaded once, the service
 * started, a line saying where its HTTP endpoints are, and a wait until it stops. A subclass names its configuration
 * and how to start the service.
 *
 * @param <C> the service's typed configuration
 */
abstract class StreamsServiceCommand<C extends AbstractConfig> implements Callable<Integer> {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    CommandSpec spec;

    private final ConfigDef definition;
    private final Function<Map<String, String>, C> parse;
    private final Function<C, ? extends RunningStreamsService> start;
    private final String name;

    /**
     * @param definition the service's configuration keys
     * @param parse      parses the loaded key values once into the typed configuration
     * @param start      starts the service
     * @param name       what the console line calls the service
     */
    StreamsServiceCommand(
            ConfigDef definition,
            Function<Map<String, String>, C> parse,
            Function<C, ? extends RunningStreamsService> start,
            String name) {
        this.definition = definition;
        this.parse = parse;
        this.start = start;
        this.name = name;
    }

    @Override
    public final Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (options.printHelpConfig(definition, out)) {
            return 0;
        }
        Logging.install();
        RunningStreamsService service = start.apply(options.load(definition, parse));
        out.println(
                name + " running (HTTP /health /ready /metrics on port " + service.httpPort() + "); Ctrl-C stops it");
        out.flush();
        service.awaitClosed();
        return 0;
    }
}
