package io.fraudstream.launcher;

import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamService;
import io.fraudstream.runtime.logging.Logging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code ./fraudstream features}: runs the feature stream (Kafka Streams) until Ctrl-C / SIGTERM. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Run the feature stream: transactions.raw -> clean, dedupe, DLQ, enrich, per-card and per-merchant "
                + "event-time features -> transactions.features (exactly once).",
                "Connects to the local stack (./fraudstream local start) unless configured otherwise."})
final class FeaturesCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (options.printHelpConfig(FeatureStreamConfig.definition(), spec.commandLine().getOut())) {
            return 0;
        }
        Logging.install();
        FeatureStreamConfig cfg = options.load(FeatureStreamConfig.definition(), FeatureStreamConfig::new);
        FeatureStreamService service = FeatureStreamService.start(cfg);
        spec.commandLine().getOut().println("feature stream running (HTTP /health /ready /metrics on port "
                + service.httpPort() + "); Ctrl-C stops it");
        spec.commandLine().getOut().flush();
        service.awaitClosed();
        return 0;
    }
}
