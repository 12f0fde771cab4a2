package io.fraudstream.dashboard;

import io.fraudstream.runtime.lifecycle.ServiceMain;

/**
 * Runs the dashboard alone: {@code java -jar dashboard.jar [--config FILE] [--set key=value]... [--help-config]};
 * e.g. {@code java -jar dashboard/target/dashboard.jar --set http.port=8090}. Runs until SIGTERM.
 */
public final class DashboardMain {

    private DashboardMain() {}

    public static void main(String[] args) throws InterruptedException {
        new ServiceMain<>(
                        "dashboard",
                        DashboardConfig.definition(),
                        DashboardConfig::new,
                        cfg -> Dashboard.start(cfg)::awaitClosed)
                .run(args);
    }
}
