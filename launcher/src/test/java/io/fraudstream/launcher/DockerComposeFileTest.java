package io.fraudstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fraudstream.app.PipelineAppConfig;
import io.fraudstream.dashboard.DashboardConfig;
import io.fraudstream.featurestream.FeatureStreamConfig;
import io.fraudstream.ingest.IngestConfig;
import io.fraudstream.runtime.config.ConfigLoader;
import io.fraudstream.runtime.config.EnvironmentNames;
import io.fraudstream.runtime.config.RuntimeConfig;
import io.fraudstream.scoring.ScoringConfig;
import io.fraudstream.trainer.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml} against the configuration of the programs it starts, without Docker: every
 * {@code FRAUDSTREAM_*} variable of a service built from the project's Dockerfile is a key that the configuration
 * definition of the program the service runs declares (or a setting Kafka's clients know, under a pass-through
 * prefix), and the program's configuration loads from the service's environment as it does at start. The loader itself
 * only logs a variable whose key the service does not declare (an environment is often shared); here it is a mistake.
 */
class DockerComposeFileTest {

    /** The configuration each module's program loads. */
    private static final Map<String, Config> CONFIGS = Map.of(
            "ingest-service", new Config(IngestConfig.definition(), IngestConfig::new),
            "feature-stream", new Config(FeatureStreamConfig.definition(), FeatureStreamConfig::new),
            "scoring-service", new Config(ScoringConfig.definition(), ScoringConfig::new),
            "pipeline-app", new Config(PipelineAppConfig.definition(), PipelineAppConfig::new),
            "trainer", new Config(TrainerConfig.definition(), TrainerConfig::new),
            "dashboard", new Config(DashboardConfig.definition(), DashboardConfig::new));

    /** Launcher subcommand -> the module whose configuration it loads. */
    private static final Map<String, String> LAUNCHER_SUBCOMMANDS = Map.of(
            "generate",
            "ingest-service",
            "replay",
            "ingest-service",
            "ingest",
            "ingest-service",
            "features",
            "feature-stream",
            "score",
            "scoring-service",
            "train",
            "trainer",
            "pipeline-app",
            "pipeline-app",
            "one-hop",
            "pipeline-app");

    /** {@code ${NAME:-default}}: Compose's default when the host does not set NAME. */
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}");

    private record Config(ConfigDef definition, Function<Map<String, String>, ? extends AbstractConfig> factory) {}

    @Test
    void shouldConfigureFraudstreamServicesOnlyWithKeysTheirProgramDeclares() throws IOException {
        YAMLMapper yaml = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonNode services = yaml.readTree(composeFile().toFile()).path("services");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            if (service.getValue().has("build")) {
                problems.addAll(configurationProblems(service.getKey(), service.getValue()));
                checked++;
            }
        }
        assertThat(checked).as("services built from the Dockerfile").isGreaterThan(3);
        assertThat(problems)
                .as("FRAUDSTREAM_* configuration in docker-compose.yml")
                .isEmpty();
    }

    /** Every problem of one service's environment against the configuration of the program it runs. */
    private static List<String> configurationProblems(String service, JsonNode node) {
        String module = module(node);
        if (!CONFIGS.containsKey(module)) {
            return List.of(service + " runs " + module + ", not a program whose configuration this test knows: "
                    + CONFIGS.keySet());
        }
        Config config = CONFIGS.get(module);
        List<String> problems = new ArrayList<>();
        Map<String, String> env = new TreeMap<>();
        environment(node).forEach((variable, value) -> {
            if (value == null) {
                problems.add(service + ": " + variable
                        + " has no value (Compose would take it from the host, if set there)");
                return;
            }
            env.put(variable, DEFAULTED.matcher(value).replaceAll(m -> m.group(1)));
            if (!variable.startsWith(EnvironmentNames.PREFIX)
                    || ConfigLoader.NON_CONFIG_ENVIRONMENT_VARIABLES.contains(variable)) {
                problems.add(service + ": " + variable + " is not a configuration variable (FRAUDSTREAM_<KEY>)");
                return;
            }
            String key = EnvironmentNames.keyFor(variable).orElseThrow();
            if (!EnvironmentNames.variableFor(key).equals(variable)) {
                problems.add(service + ": " + variable + " reads as key '" + key + "', spelled "
                        + EnvironmentNames.variableFor(key));
            } else if (!config.definition().names().contains(key) && !isKafkaClientSetting(key)) {
                problems.add(service + ": " + variable + " (key '" + key + "') is not a key of " + module
                        + " nor a Kafka client setting under " + RuntimeConfig.PASS_THROUGH_PREFIXES);
            }
        });
        for (String required : List.of(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, RuntimeConfig.SCHEMA_REGISTRY_URL)) {
            if (!env.containsKey(EnvironmentNames.variableFor(required))) {
                problems.add(service + ": set " + EnvironmentNames.variableFor(required)
                        + ": a container has no local stack file");
            }
        }
        try {
            // what the program does at start: defaults < environment, parsed and validated by its typed configuration
            ConfigLoader.create()
                    .withEnvironment(env)
                    .load(config.definition(), values -> config.factory().apply(values));
        } catch (ConfigException e) {
            problems.add(service + ": " + module + " rejects its environment: " + e.getMessage());
        }
        return problems;
    }

    /** The service's environment as written (map or {@code KEY=value} list), a variable without a value as null. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> out = new TreeMap<>();
        JsonNode env = service.path("environment");
        if (env.isArray()) {
            env.forEach(e -> {
                String[] kv = e.asText().split("=", 2);
                out.put(kv[0], kv.length == 2 ? kv[1] : null);
            });
        } else {
            env.properties()
                    .forEach(e -> out.put(
                            e.getKey(),
                            e.getValue().isNull() ? null : e.getValue().asText()));
        }
        return out;
    }

    /**
     * The module whose configuration the service's program loads: the folder of the jar after {@code -jar}
     * ({@code /app/<module>/<name>.jar}), or for the launcher the module of its subcommand.
     */
    private static String module(JsonNode service) {
        List<String> words = new ArrayList<>();
        for (String field : List.of("entrypoint", "command")) {
            JsonNode value = service.path(field);
            (value.isTextual() ? List.of(value) : value)
                    .forEach(w -> words.addAll(List.of(w.asText().strip().split("\\s+"))));
        }
        int jar = words.indexOf("-jar");
        if (jar < 0 || jar + 1 >= words.size()) {
            return "no `java -jar` (" + words + ")";
        }
        String module = Path.of(words.get(jar + 1)).getParent().getFileName().toString();
        if (!module.equals("launcher")) {
            return module;
        }
        String subcommand = jar + 2 < words.size() ? words.get(jar + 2) : "";
        return LAUNCHER_SUBCOMMANDS.getOrDefault(subcommand, "the launcher's '" + subcommand + "'");
    }

    /** Whether {@code key} passes a setting through to a Kafka client that knows it. */
    private static boolean isKafkaClientSetting(String key) {
        String prefix = RuntimeConfig.PASS_THROUGH_PREFIXES.stream()
                .filter(key::startsWith)
                .findFirst()
                .orElse(null);
        if (prefix == null) {
            return false;
        }
        String setting = key.substring(prefix.length());
        if (prefix.equals("streams.")
                && Stream.of(
                                StreamsConfig.CONSUMER_PREFIX,
                                StreamsConfig.MAIN_CONSUMER_PREFIX,
                                StreamsConfig.RESTORE_CONSUMER_PREFIX,
                                StreamsConfig.GLOBAL_CONSUMER_PREFIX,
                                StreamsConfig.PRODUCER_PREFIX,
                                StreamsConfig.ADMIN_CLIENT_PREFIX,
                                StreamsConfig.TOPIC_PREFIX)
                        .anyMatch(setting::startsWith)) {
            return true; // Kafka Streams' own per-client prefixes: Kafka Streams checks what follows
        }
        Set<String> known = switch (prefix) {
            case "streams." -> StreamsConfig.configDef().names();
            case "producer." -> ProducerConfig.configNames();
            case "consumer." -> ConsumerConfig.configNames();
            case "admin." -> AdminClientConfig.configNames();
            default ->
                Stream.of(ProducerConfig.configNames(), ConsumerConfig.configNames(), AdminClientConfig.configNames())
                        .flatMap(Set::stream)
                        .collect(Collectors.toSet());
        };
        return known.contains(setting);
    }

    /** docker-compose.yml at the repository root: the nearest directory up with it and a pom. */
    private static Path composeFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("docker-compose.yml");
            }
        }
        throw new AssertionError(
                "no docker-compose.yml with a pom.xml in " + Path.of("").toAbsolutePath() + " or above");
    }
}
