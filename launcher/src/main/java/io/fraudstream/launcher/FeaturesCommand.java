package io.fraudstream.launcher;

import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.featurestream.FeatureStreamService;
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
        return options.runService(FeatureStreamConfig.definition(), FeatureStreamConfig::new, cfg -> {
            FeatureStreamService service = FeatureStreamService.start(cfg);
            return new ConfigOptions.Running(service.httpPort(), service::awaitClosed);
        }, "feature stream", spec.commandLine().getOut());
    }
}
