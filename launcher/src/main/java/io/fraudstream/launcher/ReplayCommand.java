package io.fraudstream.launcher;

import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.ingest.replay.CsvSource;
import io.fraudstream.ingest.replay.JdbcSource;
import io.fraudstream.ingest.replay.KafkaTarget;
import io.fraudstream.ingest.replay.Pacer;
import io.fraudstream.ingest.replay.Replay;
import io.fraudstream.ingest.replay.ReplayMapping;
import io.fraudstream.ingest.replay.ReplayOptions;
import io.fraudstream.ingest.replay.ReplaySummary;
import io.fraudstream.ingest.replay.RowMapper;
import io.fraudstream.ingest.replay.TabularSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ./fraudstream replay}: historical transactions from a CSV file or a JDBC query, in event-time order. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replay historical transactions from a CSV file or a SQL query to transactions.raw, in event-time order,",
            "with labels (if a label column is mapped) on transactions.labels at transaction time + label delay.",
            "Rows that cannot be mapped go to transactions.dlq with their row number and the reason.",
            "Card numbers are tokenized with card.token.secret (e.g. FRAUDSTREAM_CARD_TOKEN_SECRET)."
        })
final class ReplayCommand extends IngestJobCommand {
    enum SourceKind {
        csv,
        jdbc
    }

    @Option(names = "--source", description = "csv or jdbc. Default: csv with --file, jdbc with --jdbc-url.")
    SourceKind source;

    @Option(names = "--file", paramLabel = "CSV", description = "CSV file with a header row.")
    Path file;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description = "e.g. jdbc:postgresql://127.0.0.1:5432/payments or jdbc:h2:/data/history")
    String jdbcUrl;

    @Option(
            names = "--query",
            paramLabel = "SQL",
            description = "The query returning the rows (add ORDER BY on the time column to make sorting cheaper).")
    String query;

    @Option(names = "--user", description = "Database user.")
    String user;

    @Option(
            names = "--password-env",
            paramLabel = "VAR",
            defaultValue = "JDBC_PASSWORD",
            description = "Environment variable holding the database password. Default: ${DEFAULT-VALUE}")
    String passwordEnv;

    @Option(
            names = "--mapping",
            paramLabel = "YAML",
            description = "Mapping file: columns to Transaction fields (see README). Required.")
    Path mapping;

    @Option(
            names = "--speed",
            defaultValue = "max",
            description = "'max' (as fast as possible) or N for N times real time. Default: ${DEFAULT-VALUE}")
    String speed;

    @Option(
            names = "--limit",
            defaultValue = "-1",
            description = "Produce at most N transactions (the earliest in event time). Default: all")
    long limit;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description = "Only transactions at or after this time, e.g. 2024-01-01T00:00:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Only transactions before this time.")
    Instant to;

    @Option(
            names = "--label-delay",
            paramLabel = "DURATION",
            description = "Label delay overriding the mapping's, ISO-8601 (P7D, PT36H).")
    Duration labelDelay;

    @Option(
            names = "--sorted",
            description = {
                "The source is already in event-time order (sorted file, ORDER BY in the query):",
                "stream it with constant memory instead of sorting in memory; rows out of order go to the DLQ."
            })
    boolean sorted;

    @Override
    void checkArguments() {
        if (mapping == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--mapping=YAML'");
        }
    }

    @Override
    int run(IngestConfig config, PrintWriter out) {
        ReplayMapping m = ReplayMapping.load(mapping);
        ReplayOptions options = new ReplayOptions(
                Optional.ofNullable(from),
                Optional.ofNullable(to),
                limit,
                Pacer.parse(speed),
                !noProgress,
                Duration.ofSeconds(5),
                sorted);
        try (TabularSource src = openSource(m);
                KafkaTarget kafka = KafkaTarget.open(config)) {
            RowMapper mapper = RowMapper.create(
                    m, src.columns(), config.cardTokenizer(), src.name(), Optional.ofNullable(labelDelay));
            out.println("replaying " + src.describe() + " to "
                    + kafka.catalogue().transactionsRaw().name()
                    + (m.label() != null
                            ? " with labels to "
                                    + kafka.catalogue().transactionsLabels().name() + " after " + mapper.labelDelay()
                            : ""));
            out.flush();
            ReplaySummary s = Replay.run(src, mapper, kafka.publisher(), options);
            out.println("replay done: " + s.describe());
            s.firstFailure()
                    .ifPresent(e -> spec.commandLine()
                            .getErr()
                            .println("error: Kafka did not acknowledge " + s.failed() + " record(s); first failure: "
                                    + e));
            return s.failed() == 0 ? 0 : 1;
        }
    }

    private TabularSource openSource(ReplayMapping m) {
        SourceKind kind =
                source != null ? source : file != null ? SourceKind.csv : jdbcUrl != null ? SourceKind.jdbc : null;
        if (kind == null) {
            throw new IllegalArgumentException("give --file (CSV) or --jdbc-url and --query");
        }
        return switch (kind) {
            case csv -> {
                if (file == null) throw new IllegalArgumentException("--source csv needs --file");
                yield CsvSource.open(file, m.csv().delimiter().charAt(0));
            }
            case jdbc -> {
                if (jdbcUrl == null || query == null)
                    throw new IllegalArgumentException("--source jdbc needs --jdbc-url and --query");
                yield JdbcSource.open(jdbcUrl, user, System.getenv(passwordEnv), query);
            }
        };
    }
}
