package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.localstack.StackDir;
import io.fraudstream.runtime.config.ConfigDocumentation;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.scoring.ScoringConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The options every connecting subcommand shares: a shared environment, {@code --dir} stacks, {@code --help-config}. */
class ConfigOptionsTest {

    /** The README's own snippets export both secrets in one shell. */
    private static final Map<String, String> ONE_SHELL = Map.of(
            "FRAUDSTREAM_CARD_TOKEN_SECRET",
            "hex:" + "ab".repeat(32),
            "FRAUDSTREAM_MODEL_SIGNING_KEY",
            "cd".repeat(32),
            "FRAUDSTREAM_KAFKA_BOOTSTRAP_SERVERS",
            "127.0.0.1:9092");

    @TempDir
    Path dir;

    private static ConfigLoader environment(Map<String, String> env) {
        return ConfigLoader.create().withEnvironment(env);
    }

    private static ConfigOptions parse(String... args) {
        ConfigOptions options = new ConfigOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    private Path stack(String bootstrap) throws IOException {
        Path stackDir = Files.createDirectories(dir.resolve("my stack"));
        Files.writeString(
                stackDir.resolve("connection.properties"),
                "kafka.bootstrap.servers=" + bootstrap
                        + "\nschema.registry.url=http://127.0.0.1:18080/apis/ccompat/v7\n");
        return stackDir;
    }

    @Test
    void shouldStartEveryServiceInOneShellExportingEveryServicesSecrets() {
        for (Map.Entry<String, ConfigDef> service :
                ServiceCatalogue.definitions().entrySet()) {
            assertThat(parse().loader(environment(ONE_SHELL))
                            .resolve(service.getValue())
                            .ignoredVariables())
                    .as(service.getKey())
                    .allSatisfy((variable, reason) -> assertThat(reason).endsWith("is another service's key"));
        }
        FeatureStreamConfig features =
                parse().loader(environment(ONE_SHELL)).load(FeatureStreamConfig.definition(), FeatureStreamConfig::new);
        assertThat(features.bootstrapServers()).containsExactly("127.0.0.1:9092");
    }

    @Test
    void shouldStillRejectAnotherServicesKeyGivenWithSet() {
        ConfigOptions options = parse("--set", "model.signing.key=" + "cd".repeat(32));

        assertThatThrownBy(() -> options.loader(environment(ONE_SHELL))
                        .load(FeatureStreamConfig.definition(), FeatureStreamConfig::new))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'model.signing.key' from override");
    }

    @Test
    void shouldFindTheStackOfDir() throws IOException {
        Path stackDir = stack("127.0.0.1:19092");

        ScoringConfig config = parse("--dir", stackDir.toString())
                .loader(environment(Map.of()))
                .load(ScoringConfig.definition(), ScoringConfig::new);

        assertThat(config.bootstrapServers()).containsExactly("127.0.0.1:19092");
        assertThat(config.localStackFile())
                .contains(stackDir.resolve("connection.properties").toAbsolutePath());
    }

    @Test
    void shouldFindTheStackOfTheEnvironmentVariableOverTheDefaultStack() throws IOException {
        Path stackDir = stack("127.0.0.1:29092");

        IngestConfig config = parse().loader(environment(Map.of(
                        "FRAUDSTREAM_LOCAL_STACK_FILE",
                        stackDir.resolve("connection.properties").toString(),
                        "FRAUDSTREAM_CARD_TOKEN_SECRET",
                        "hex:" + "ab".repeat(32))))
                .load(IngestConfig.definition(), IngestConfig::new);

        assertThat(config.bootstrapServers()).containsExactly("127.0.0.1:29092");
    }

    @Test
    void shouldSayHowToStartAStackInAnEmptyDir() {
        ConfigOptions options = parse("--dir", dir.toString());

        assertThatThrownBy(() ->
                        options.loader(environment(Map.of())).load(ScoringConfig.definition(), ScoringConfig::new))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no local stack in " + dir.toAbsolutePath())
                .hasMessageContaining("./fraudstream local start --dir " + dir);
    }

    @Test
    void shouldAcceptDirOnEverySubcommandThatConnects() {
        CommandLine cli = FraudstreamCli.commandLine();
        for (List<String> path : List.of(
                List.of("features"),
                List.of("score"),
                List.of("ingest"),
                List.of("replay"),
                List.of("generate"),
                List.of("train"),
                List.of("train", "bench"),
                List.of("bench", "replay"),
                List.of("bench", "generator"),
                List.of("bench", "scoring"),
                List.of("bench", "pipeline"),
                List.of("local", "start"),
                List.of("local", "stop"),
                List.of("local", "status"))) {
            CommandLine sub = cli;
            for (String name : path) {
                sub = sub.getSubcommands().get(name);
            }
            assertThat(sub.getCommandSpec().findOption("--dir"))
                    .as(String.join(" ", path))
                    .isNotNull();
        }
    }

    @Test
    void shouldNameTheDirInTheHintsOfAStackOutsideTheDefault() {
        StringWriter out = new StringWriter();
        CommandLine cli = FraudstreamCli.commandLine();
        cli.setOut(new PrintWriter(out));

        int status = cli.execute("local", "status", "--dir", dir.toString());

        assertThat(status).isEqualTo(3);
        assertThat(out.toString()).contains("start it with: ./fraudstream local start --dir " + dir.toAbsolutePath());
        assertThat(StackDir.option(null)).isEmpty();
        assertThat(StackDir.option(dir.resolve("with space")))
                .isEqualTo(" --dir '" + dir.resolve("with space").toAbsolutePath() + "'");
    }

    @Test
    void shouldDescribeTheValidatorOfEveryDocumentedKey() {
        for (Map.Entry<String, ConfigDef> service :
                ServiceCatalogue.definitions().entrySet()) {
            assertThat(ConfigDocumentation.undescribedValidators(service.getValue()))
                    .as(service.getKey())
                    .isEmpty();
        }
        StringWriter out = new StringWriter();
        CommandLine cli = FraudstreamCli.commandLine();
        cli.setOut(new PrintWriter(out));

        cli.execute("score", "--help-config");

        assertThat(out.toString())
                .contains("valid: unset, or a score in [0, 1]")
                .doesNotContain("$$Lambda");
    }

    @Test
    void shouldKnowEveryKeyOfEveryService() {
        assertThat(ServiceCatalogue.knownKeys().names())
                .contains(
                        RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS,
                        IngestConfig.CARD_TOKEN_SECRET,
                        "model.signing.key",
                        "dashboard.report.dir");
    }
}
