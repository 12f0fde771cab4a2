package io.fraudstream.launcher;

import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.IngestService;
import io.fraudstream.runtime.logging.Logging;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./fraudstream ingest}: the HTTP ingest service (POST /v1/transactions, /v1/transactions/batch, /v1/labels),
 * until Ctrl-C or SIGTERM. Against the local stack by default.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Run the HTTP ingest service: JSON transactions and labels in, Avro records on Kafka out, card numbers tokenized.",
            "Needs card.token.secret (e.g. export FRAUDSTREAM_CARD_TOKEN_SECRET=$(openssl rand -base64 32)).",
            "OpenAPI document at /openapi.json; /health, /ready and /metrics alongside."
        })
final class IngestCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (options.printHelpConfig(
                IngestConfig.definition(), spec.commandLine().getOut())) {
            return 0;
        }
        Logging.install();
        IngestConfig config = options.load(IngestConfig.definition(), IngestConfig::new);
        IngestService.runUntilStopped(config);
        return 0;
    }
}
