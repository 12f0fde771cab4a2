package io.fraudstream.app;

import io.fraudstream.runtime.lifecycle.ServiceMain;

/**
 * Runs the one-hop application alone: {@code java -jar pipeline-app.jar [--config FILE] [--set key=value]...
 * [--help-config]}.
 */
public final class PipelineAppMain {

    private PipelineAppMain() {}

    public static void main(String[] args) throws InterruptedException {
        new ServiceMain<>(
                        PipelineAppConfig.SERVICE,
                        PipelineAppConfig.definition(),
                        PipelineAppConfig::new,
                        cfg -> PipelineAppService.start(cfg)::awaitClosed)
                .run(args);
    }
}
