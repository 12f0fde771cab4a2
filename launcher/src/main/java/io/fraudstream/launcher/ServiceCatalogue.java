package io.fraudstream.launcher;

import io.fraudstream.app.PipelineAppConfig;
import io.fraudstream.dashboard.DashboardConfig;
import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.runtime.config.KnownKeys;
import io.fraudstream.scoring.ScoringConfig;
import io.fraudstream.trainer.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The configuration definitions of every service the launcher runs. Services never depend on each other, so the
 * launcher, which sees them all, is where a shared environment's {@code FRAUDSTREAM_*} variables are told apart: one
 * service's variable is another's foreign key (ignored), not a typo (warned about).
 */
final class ServiceCatalogue {

    private ServiceCatalogue() {}

    /** Each service's name and a fresh copy of its definition. */
    static Map<String, ConfigDef> definitions() {
        Map<String, ConfigDef> out = new LinkedHashMap<>();
        out.put("ingest-service", IngestConfig.definition());
        out.put("feature-stream", FeatureStreamConfig.definition());
        out.put("scoring-service", ScoringConfig.definition());
        out.put(PipelineAppConfig.SERVICE, PipelineAppConfig.definition());
        out.put("trainer", TrainerConfig.definition());
        out.put("dashboard", DashboardConfig.definition());
        return out;
    }

    /** Every key any of them declares. */
    static KnownKeys knownKeys() {
        return KnownKeys.of(definitions().values());
    }
}
