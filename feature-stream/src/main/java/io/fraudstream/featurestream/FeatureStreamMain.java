package io.fraudstream.featurestream;

import io.fraudstream.runtime.lifecycle.ServiceMain;

/** Runs the feature stream alone: {@code java -jar feature-stream.jar [--config FILE] [--set key=value]... [--help-config]}. */
public final class FeatureStreamMain {

    private FeatureStreamMain() {}

    public static void main(String[] args) throws InterruptedException {
        new ServiceMain<>(
                        "feature-stream",
                        FeatureStreamConfig.definition(),
                        FeatureStreamConfig::new,
                        cfg -> FeatureStreamService.start(cfg)::awaitClosed)
                .run(args);
    }
}
