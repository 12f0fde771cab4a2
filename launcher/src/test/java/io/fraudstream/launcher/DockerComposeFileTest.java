package io.fraudstream.launcher;

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
import io.fraudstream.trainer.TrainerMain;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import picocli.CommandLine;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structural checks of the Docker path: {@code docker-compose.yml}, the {@code Dockerfile} and {@code .dockerignore}
 * at the repository root, read against the code they start. No Docker engine is needed (none is assumed): the
 * compose file is parsed as YAML, every {@code FRAUDSTREAM_*} variable is loaded through {@link ConfigLoader} against
 * the configuration definition of the program the service runs, exactly as the program does at start, and every
 * jar a command runs is traced through the Dockerfile to the Maven module that builds it.
 *
 * <p>Each test collects every problem it finds and reports them together, naming the service and what to change.
 */
class DockerComposeFileTest {

    /** The conditions Compose knows for {@code depends_on}. */
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy", "service_completed_successfully");

    /** Restart policies under which a container never "completes". */
    private static final Set<String> ALWAYS_RESTARTING = Set.of("always", "unless-stopped");

    /** Launcher subcommand -> the module whose configuration it loads. */
    private static final Map<String, String> LAUNCHER_SUBCOMMAND_MODULES = Map.of(
            "generate", "ingest-service", "replay", "ingest-service", "ingest", "ingest-service",
            "features", "feature-stream", "score", "scoring-service", "train", "trainer", "pipeline-app", "pipeline-app",
            "one-hop", "pipeline-app");

    /** Modules whose program serves /health, /ready and /metrics until stopped. */
    private static final Set<String> HTTP_SERVER_MODULES = Set.of("ingest-service", "feature-stream", "scoring-service", "pipeline-app",
            "dashboard");

    private static Path root;
    private static Compose compose;
    private static Dockerfile dockerfile;
    private static Map<String, Module> modules;

    @BeforeAll
    static void readTheFiles() throws IOException {
        root = repositoryRoot();
        compose = Compose.read(root.resolve("docker-compose.yml"));
        dockerfile = Dockerfile.read(root.resolve("Dockerfile"));
        modules = Module.readAll(root);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Compose structure

    @Test
    void shouldDependOnlyOnServicesThatCanMeetTheCondition() {
        List<String> problems = new ArrayList<>();
        for (Service s : compose.services().values()) {
            s.dependsOn().forEach((target, condition) -> {
                Service t = compose.services().get(target);
                if (t == null) {
                    problems.add(s.name() + " depends on '" + target + "', which is not a service of the file");
                    return;
                }
                if (!CONDITIONS.contains(condition)) {
                    problems.add(s.name() + " waits for " + target + " with condition '" + condition + "'; Compose knows " + CONDITIONS);
                }
                if (condition.equals("service_healthy") && t.healthcheck().isEmpty()) {
                    problems.add(s.name() + " waits for " + target + " to be healthy, but " + target + " has no healthcheck");
                }
                if (condition.equals("service_completed_successfully") && ALWAYS_RESTARTING.contains(t.restart())) {
                    problems.add(s.name() + " waits for " + target + " to complete, but " + target + " restarts '" + t.restart()
                            + "' and never completes; a one-shot service needs restart \"no\" or on-failure");
                }
                if (s.profiles().isEmpty() && !t.profiles().isEmpty()) {
                    problems.add(s.name() + " starts by default but depends on " + target + ", which only runs with profiles "
                            + t.profiles());
                }
            });
        }
        assertThat(problems).as("depends_on in docker-compose.yml").isEmpty();
    }

    @Test
    void shouldPublishEveryHostPortOnce() {
        Map<String, List<String>> users = new TreeMap<>();
        for (Service s : compose.services().values()) {
            for (PortMapping p : s.ports()) {
                p.published().ifPresent(port -> users.computeIfAbsent(p.hostIp() + ":" + port, k -> new ArrayList<>()).add(s.name()));
            }
        }
        Map<String, List<String>> clashes = users.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(clashes).as("host ports published by more than one service (host address:port -> services)").isEmpty();
    }

    @Test
    void shouldDeclareEveryNamedVolumeItMounts() {
        List<String> problems = new ArrayList<>();
        for (Service s : compose.services().values()) {
            for (Mount m : s.mounts()) {
                if (m.namedVolume() && !compose.volumes().contains(m.source())) {
                    problems.add(s.name() + " mounts volume '" + m.source() + "', which the top-level volumes: section does not declare");
                }
            }
        }
        assertThat(problems).as("volumes in docker-compose.yml").isEmpty();
    }

    @Test
    void shouldQuoteValuesThatYaml11ReadersTakeForDatesOrBooleans() throws IOException {
        // YAML 1.1 parsers (docker-compose 1.x, PyYAML) read 2025-01-01 as a date and yes/no/on/off as booleans
        Pattern ambiguous = Pattern.compile("^\\s+[A-Za-z_][A-Za-z0-9_]*:\\s+(\\d{4}-\\d{2}-\\d{2}\\S*|(?i:yes|no|on|off|y|n|true|false))\\s*(#.*)?$");
        List<String> lines = Files.readAllLines(root.resolve("docker-compose.yml"));
        List<String> unquoted = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (ambiguous.matcher(lines.get(i)).matches()) {
                unquoted.add("line " + (i + 1) + ": " + lines.get(i).strip());
            }
        }
        assertThat(unquoted).as("values to quote in docker-compose.yml, so that every Compose implementation reads a string").isEmpty();
    }

    @Test
    void shouldBuildFraudstreamServicesFromTheDockerfileAtTheRoot() {
        List<String> problems = new ArrayList<>();
        for (Service s : compose.builtServices()) {
            Path context = root.resolve(s.buildContext()).normalize();
            Path file = context.resolve(s.buildDockerfile()).normalize();
            if (!Files.isDirectory(context)) {
                problems.add(s.name() + " builds from context " + s.buildContext() + ", which is not a directory (" + context + ")");
            } else if (!Files.isRegularFile(file)) {
                problems.add(s.name() + " builds with " + s.buildDockerfile() + ", which does not exist (" + file + ")");
            } else if (!file.equals(root.resolve("Dockerfile"))) {
                problems.add(s.name() + " builds with " + file + "; every fraudstream service is built from the one Dockerfile at the root");
            }
            if (s.image().isPresent()) {
                problems.add(s.name() + " has both build: and image: " + s.image().get()
                        + "; Compose would try to pull that image before building");
            }
        }
        assertThat(compose.builtServices()).as("services built from the Dockerfile").isNotEmpty();
        assertThat(problems).as("build: in docker-compose.yml").isEmpty();
    }

    @Test
    void shouldKeepBuildOutputAndLocalStateOutOfTheBuildContext() throws IOException {
        Path ignore = root.resolve(".dockerignore");
        assertThat(ignore).as(".dockerignore next to the Dockerfile").isRegularFile();
        List<String> patterns = Files.readAllLines(ignore).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.endsWith("/") ? l.substring(0, l.length() - 1) : l)
                .toList();
        assertThat(patterns).as(".dockerignore patterns (match from the context root: **/ reaches the modules' directories)")
                .contains("**/target", "**/.fraudstream", ".git");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Configuration of the fraudstream services

    @Test
    void shouldConfigureFraudstreamServicesOnlyWithKeysTheirProgramDeclares() {
        List<String> problems = new ArrayList<>();
        for (Service s : compose.builtServices()) {
            Program program = Program.of(s, problems);
            if (program != null) {
                program.argumentProblem().ifPresent(p -> problems.add(s.name() + ": " + p));
                problems.addAll(configurationProblems(s, ConfigSchema.forModule(program.module())));
            }
        }
        assertThat(problems).as("FRAUDSTREAM_* configuration in docker-compose.yml").isEmpty();
    }

    /** Every problem of one service's environment against its program's configuration definition. */
    private static List<String> configurationProblems(Service s, ConfigSchema schema) {
        List<String> problems = new ArrayList<>();
        Map<String, String> env = s.environment(problems);
        Map<String, String> keys = new TreeMap<>();
        env.forEach((variable, value) -> {
            if (!variable.startsWith(EnvironmentNames.PREFIX) || ConfigLoader.NON_CONFIG_ENVIRONMENT_VARIABLES.contains(variable)) {
                problems.add(s.name() + ": " + variable + " is not a configuration variable; configure fraudstream services only "
                        + "through FRAUDSTREAM_<KEY> variables");
                return;
            }
            String key = EnvironmentNames.keyFor(variable).orElseThrow();
            if (!EnvironmentNames.variableFor(key).equals(variable)) {
                problems.add(s.name() + ": " + variable + " reads as key '" + key + "', whose variable is spelled "
                        + EnvironmentNames.variableFor(key));
            }
            if (!schema.definition().names().contains(key)) {
                passThroughProblem(key).ifPresent(p -> problems.add(s.name() + ": " + variable + " (key '" + key + "') " + p
                        + "; " + schema.name() + " declares " + similarKeys(schema.definition(), key)));
            }
            keys.put(key, value);
        });
        for (String required : List.of(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS, RuntimeConfig.SCHEMA_REGISTRY_URL)) {
            if (!keys.containsKey(required)) {
                problems.add(s.name() + ": set " + EnvironmentNames.variableFor(required) + " (" + required
                        + "): inside the container there is no local stack file to take it from");
            }
        }
        for (ConfigDef.ConfigKey key : schema.definition().configKeys().values()) {
            if (!key.hasDefault() && !keys.containsKey(key.name)) {
                problems.add(s.name() + ": " + schema.name() + " requires " + key.name + " (no default): set "
                        + EnvironmentNames.variableFor(key.name));
            }
        }
        try {
            // exactly what the program does at start: defaults < environment, parsed and validated by the typed config
            schema.load().apply(env);
        } catch (ConfigException e) {
            problems.add(s.name() + ": " + schema.name() + " rejects the environment: " + e.getMessage());
        }
        return problems;
    }

    /** Why a key outside the definition is wrong, or empty if it is a Kafka client setting passed through. */
    private static Optional<String> passThroughProblem(String key) {
        Optional<String> prefix = RuntimeConfig.PASS_THROUGH_PREFIXES.stream().filter(key::startsWith).findFirst();
        if (prefix.isEmpty()) {
            return Optional.of("is not a key of the service and not under a Kafka pass-through prefix "
                    + RuntimeConfig.PASS_THROUGH_PREFIXES);
        }
        String clientKey = key.substring(prefix.get().length());
        if (prefix.get().equals("streams.") && Stream.of(StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX,
                StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX,
                StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX).anyMatch(clientKey::startsWith)) {
            return Optional.empty(); // Kafka Streams' own per-client prefixes: Kafka Streams checks what follows
        }
        Set<String> known = switch (prefix.get()) {
            case "streams." -> StreamsConfig.configDef().names();
            case "producer." -> ProducerConfig.configNames();
            case "consumer." -> ConsumerConfig.configNames();
            case "admin." -> AdminClientConfig.configNames();
            default -> Stream.of(ProducerConfig.configNames(), ConsumerConfig.configNames(), AdminClientConfig.configNames())
                    .flatMap(Set::stream).collect(Collectors.toSet());
        };
        return known.contains(clientKey) ? Optional.empty()
                : Optional.of("passes '" + clientKey + "' through to Kafka clients, which do not know it");
    }

    private static List<String> similarKeys(ConfigDef definition, String key) {
        String head = key.contains(".") ? key.substring(0, key.indexOf('.') + 1) : key;
        List<String> similar = definition.names().stream().filter(n -> n.startsWith(head)).sorted().toList();
        return similar.isEmpty() ? definition.names().stream().sorted().toList() : similar;
    }

    @Test
    void shouldUseTheSameSecretsWhereverTheyMustAgree() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, String>> valuesByKey = new TreeMap<>();
        for (Service s : compose.builtServices()) {
            s.environment().forEach((variable, value) -> EnvironmentNames.keyFor(variable).ifPresent(key ->
                    valuesByKey.computeIfAbsent(key, k -> new TreeMap<>()).put(s.name(), value)));
        }
        for (String secret : List.of(IngestConfig.CARD_TOKEN_SECRET, ScoringConfig.SIGNING_KEY)) {
            Map<String, String> values = valuesByKey.getOrDefault(secret, Map.of());
            if (new HashSet<>(values.values()).size() > 1) {
                problems.add(secret + " differs between " + values.keySet() + ": "
                        + (secret.equals(IngestConfig.CARD_TOKEN_SECRET)
                        ? "one card would get a different token from each producer"
                        : "the scoring service would reject every model the trainer signs"));
            }
        }
        Set<String> signers = new HashSet<>();
        for (Service s : compose.builtServices()) {
            Program p = Program.of(s, problems);
            if (p != null && Set.of("trainer", "scoring-service", "pipeline-app").contains(p.module())) {
                signers.add(s.name());
                if (!valuesByKey.getOrDefault(ScoringConfig.SIGNING_KEY, Map.of()).containsKey(s.name())) {
                    problems.add(s.name() + " runs " + p.module() + " without " + EnvironmentNames.variableFor(ScoringConfig.SIGNING_KEY)
                            + ": the trainer could not publish, the scorer would reject every model");
                }
            }
        }
        assertThat(signers).as("services that sign or verify models").isNotEmpty();
        assertThat(problems).as("shared secrets in docker-compose.yml").isEmpty();
    }

    @Test
    void shouldPointEveryServiceAtTheBrokerAndRegistryOfThisFile() {
        List<String> problems = new ArrayList<>();
        Service kafka = compose.serviceWithImage("apache/kafka");
        Service registry = compose.serviceWithImage("confluentinc/cp-schema-registry");
        Map<String, String> kafkaEnv = kafka.environment();
        Map<String, HostPort> advertised = listeners(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS"));
        Set<HostPort> advertisedAddresses = new HashSet<>(advertised.values());
        URI registryListener = URI.create(registry.environment().get("SCHEMA_REGISTRY_LISTENERS").split(",")[0].strip());

        for (String store : registry.environment().get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").split(",")) {
            HostPort address = HostPort.parse(store.strip().replaceFirst("^[A-Za-z_]+://", ""));
            if (!advertisedAddresses.contains(address)) {
                problems.add(registry.name() + " stores schemas through " + store + ", which the broker does not advertise ("
                        + advertised + ")");
            }
        }
        for (Service s : compose.builtServices()) {
            Map<String, String> env = s.environment();
            String bootstrap = env.get(EnvironmentNames.variableFor(RuntimeConfig.KAFKA_BOOTSTRAP_SERVERS));
            if (bootstrap != null) {
                for (String server : bootstrap.split(",")) {
                    HostPort address = HostPort.parse(server.strip());
                    if (!compose.isHostOf(address.host(), kafka)) {
                        problems.add(s.name() + ": bootstrap server " + address + " is not the host name of service " + kafka.name());
                    } else if (!advertisedAddresses.contains(address)) {
                        problems.add(s.name() + ": bootstrap server " + address + " is not a listener the broker advertises "
                                + advertised + "; the client would be sent elsewhere after bootstrapping");
                    }
                }
            }
            String url = env.get(EnvironmentNames.variableFor(RuntimeConfig.SCHEMA_REGISTRY_URL));
            if (url != null) {
                URI uri = URI.create(url);
                if (!compose.isHostOf(uri.getHost(), registry)) {
                    problems.add(s.name() + ": schema registry URL " + url + " is not on the host name of service " + registry.name());
                } else if (uri.getPort() != registryListener.getPort()) {
                    problems.add(s.name() + ": schema registry URL " + url + " uses port " + uri.getPort() + ", the registry listens on "
                            + registryListener);
                }
            }
        }
        assertThat(problems).as("Kafka and Schema Registry addresses in docker-compose.yml").isEmpty();
    }

    @Test
    void shouldRunTheBrokerAsOneKraftNodeReadyForExactlyOnce() {
        List<String> problems = new ArrayList<>();
        Service kafka = compose.serviceWithImage("apache/kafka");
        Map<String, String> env = kafka.environment();
        Map<String, HostPort> listeners = listeners(env.get("KAFKA_LISTENERS"));
        Map<String, HostPort> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
        Set<String> protocolMap = Arrays.stream(env.getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "").split(","))
                .map(e -> e.split(":")[0].strip()).collect(Collectors.toSet());

        assertThat(Set.of(env.getOrDefault("KAFKA_PROCESS_ROLES", "").split(",")))
                .as("KAFKA_PROCESS_ROLES of %s: broker and controller in one node", kafka.name())
                .containsExactlyInAnyOrder("broker", "controller");
        String nodeId = env.get("KAFKA_NODE_ID");
        String controller = env.getOrDefault("KAFKA_CONTROLLER_LISTENER_NAMES", "");
        for (String voter : env.getOrDefault("KAFKA_CONTROLLER_QUORUM_VOTERS", "").split(",")) {
            String[] idAndAddress = voter.split("@");
            HostPort address = HostPort.parse(idAndAddress[1]);
            if (!idAndAddress[0].equals(nodeId)) {
                problems.add("quorum voter " + voter + " is not KAFKA_NODE_ID " + nodeId);
            }
            if (!compose.isHostOf(address.host(), kafka) || !listeners.containsKey(controller)
                    || listeners.get(controller).port() != address.port()) {
                problems.add("quorum voter " + voter + " is not this node's " + controller + " listener " + listeners.get(controller));
            }
        }
        advertised.forEach((name, address) -> {
            if (!listeners.containsKey(name) || listeners.get(name).port() != address.port()) {
                problems.add("advertised listener " + name + "://" + address + " has no listener on port " + address.port()
                        + " in KAFKA_LISTENERS " + listeners);
            }
            if (!protocolMap.contains(name)) {
                problems.add("listener " + name + " is missing from KAFKA_LISTENER_SECURITY_PROTOCOL_MAP");
            }
            if (address.host().equals("localhost") && kafka.ports().stream()
                    .noneMatch(p -> p.target() == address.port() && p.published().equals(Optional.of(address.port())))) {
                problems.add("listener " + name + " advertises " + address + " to the host, but port " + address.port()
                        + " is not published as " + address.port() + ":" + address.port());
            }
        });
        // Kafka Streams with exactly_once_v2 (feature stream, scoring) needs the transaction state log; the defaults (3
        // replicas, min ISR 2) cannot be met by one broker, and transactions would never start.
        for (String variable : List.of("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")) {
            if (!"1".equals(env.get(variable))) {
                problems.add(variable + " must be 1 on a single broker, is " + env.get(variable));
            }
        }
        for (Service s : compose.builtServices()) {
            String rf = s.environment().get(EnvironmentNames.variableFor(RuntimeConfig.TOPICS_REPLICATION_FACTOR));
            if (rf != null && !rf.equals("1")) {
                problems.add(s.name() + " creates topics with " + rf + " replicas on a single broker");
            }
        }
        String kafkaVersion = rootPomProperty("kafka.version");
        assertThat(kafka.image().orElseThrow())
                .as("the broker image runs the Kafka version the build pins (kafka.version %s), like the local stack", kafkaVersion)
                .isEqualTo("apache/kafka:" + kafkaVersion);
        assertThat(problems).as("the broker (service %s) in docker-compose.yml", kafka.name()).isEmpty();
    }

    @Test
    void shouldHealthCheckAndPublishTheHttpPortEachServiceListensOn() {
        List<String> problems = new ArrayList<>();
        for (Service s : compose.builtServices()) {
            Program program = Program.of(s, problems);
            if (program == null) {
                continue;
            }
            boolean server = HTTP_SERVER_MODULES.contains(program.module()) && program.subcommand().isEmpty();
            Map<String, String> env = s.environment();
            String port = env.get(EnvironmentNames.variableFor(RuntimeConfig.HTTP_PORT));
            String host = env.get(EnvironmentNames.variableFor(RuntimeConfig.HTTP_HOST));
            if (!server) {
                if (!s.ports().isEmpty()) {
                    problems.add(s.name() + " publishes ports, but " + program + " serves no HTTP");
                }
                continue;
            }
            if (port == null || port.equals("0")) {
                problems.add(s.name() + ": set " + EnvironmentNames.variableFor(RuntimeConfig.HTTP_PORT)
                        + " to a fixed port; an ephemeral one can be neither published nor health-checked");
                continue;
            }
            Optional<List<String>> check = s.healthcheck();
            Optional<URI> url = check.flatMap(test -> test.stream().filter(t -> t.startsWith("http://")).findFirst()).map(URI::create);
            if (url.isEmpty()) {
                problems.add(s.name() + " serves HTTP on " + port + " but has no healthcheck calling http://localhost:" + port + "/health");
            } else if (!url.get().getHost().equals("localhost") || url.get().getPort() != Integer.parseInt(port)
                    || !Set.of("/health", "/ready").contains(url.get().getPath())) {
                problems.add(s.name() + ": healthcheck calls " + url.get() + ", the service serves /health on localhost:" + port);
            }
            check.filter(test -> test.contains("curl")).ifPresent(test -> {
                if (!dockerfile.runtimeImageHasCurl()) {
                    problems.add(s.name() + "'s healthcheck runs curl, which the runtime image (" + dockerfile.finalStage().image()
                            + ") does not have");
                }
            });
            for (PortMapping p : s.ports()) {
                if (p.target() != Integer.parseInt(port)) {
                    problems.add(s.name() + " publishes container port " + p.target() + ", but listens on " + port);
                }
            }
            if (!s.ports().isEmpty() && !"0.0.0.0".equals(host)) {
                problems.add(s.name() + " publishes its port but binds " + (host == null ? "127.0.0.1 (the default)" : host)
                        + "; set " + EnvironmentNames.variableFor(RuntimeConfig.HTTP_HOST) + "=0.0.0.0");
            }
        }
        assertThat(problems).as("HTTP ports and health checks in docker-compose.yml").isEmpty();
    }

    @Test
    void shouldShowTheDashboardTheReportsTheTrainerWrites() {
        List<String> problems = new ArrayList<>();
        Service trainer = compose.servicesRunning("trainer", problems).getFirst();
        Service dashboard = compose.servicesRunning("dashboard", problems).getFirst();
        String written = trainer.environment().get(EnvironmentNames.variableFor(TrainerConfig.REPORT_DIR));
        String read = dashboard.environment().get(EnvironmentNames.variableFor(DashboardConfig.REPORT_DIR));
        assertThat(written).as("%s's %s", trainer.name(), TrainerConfig.REPORT_DIR).isNotNull();
        assertThat(read).as("%s's %s", dashboard.name(), DashboardConfig.REPORT_DIR).isEqualTo(written);
        Optional<Mount> writerMount = trainer.mountHolding(written);
        Optional<Mount> readerMount = dashboard.mountHolding(read);
        assertThat(writerMount).as("a volume of %s holding %s", trainer.name(), written).isPresent();
        assertThat(readerMount).as("a volume of %s holding %s", dashboard.name(), read).isPresent();
        assertThat(readerMount.get().source()).as("the volume the dashboard reads the reports from")
                .isEqualTo(writerMount.get().source());
        assertThat(writerMount.get().readOnly()).as("the trainer's report volume is writable").isFalse();
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldMountVolumesOnDirectoriesTheImageGivesToItsUser() {
        List<String> problems = new ArrayList<>();
        List<String> owned = dockerfile.directoriesCreatedAndOwned();
        for (Service s : compose.builtServices()) {
            for (Mount m : s.mounts()) {
                if (owned.stream().noneMatch(d -> m.target().equals(d) || m.target().startsWith(d + "/"))) {
                    problems.add(s.name() + " mounts " + m.source() + " on " + m.target() + ", which the Dockerfile does not create "
                            + "and chown to its user (created " + owned + "): the non-root user could not write a new volume");
                }
            }
        }
        assertThat(problems).as("volume mount points of the fraudstream image").isEmpty();
    }

    @Test
    void shouldTrainOnAWindowTheHistoryGeneratorCovers() {
        List<String> problems = new ArrayList<>();
        Service trainer = compose.servicesRunning("trainer", problems).getFirst();
        assertThat(trainer.profiles()).as("%s is a batch job run on demand (docker compose run --rm %s)", trainer.name(), trainer.name())
                .isNotEmpty();
        List<GenerateCommand> history = new ArrayList<>();
        for (Service s : compose.builtServices()) {
            Program p = Program.of(s, problems);
            if (p != null && "generate".equals(p.subcommand().orElse(null)) && p.argumentProblem().isEmpty()) {
                GenerateCommand generate = p.parsedLauncherCommand(GenerateCommand.class);
                if (generate.rate == null && generate.start != null) {
                    history.add(generate);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(history).as("a service generating history in compressed mode with a fixed --start").hasSize(1);
        Instant start = history.getFirst().start;
        Instant end = start.plus(Duration.ofMinutes(Math.round(history.getFirst().days * 1440)));
        TrainerConfig config = new TrainerConfig(trainer.environment().entrySet().stream()
                .collect(Collectors.toMap(e -> EnvironmentNames.keyFor(e.getKey()).orElseThrow(), Map.Entry::getValue)));
        assertThat(config.from()).as("trainer.window.from").isPresent();
        assertThat(config.to()).as("trainer.window.to").isPresent();
        assertThat(config.from().get()).as("trainer.window.from: the history starts at %s", start).isAfterOrEqualTo(start);
        assertThat(history.getFirst().labelDelayProfile).as("a history trained on at once: short label delays").isEqualTo("short");
        assertThat(config.to().get())
                .as("trainer.window.to: the history ends at %s; leave a week or more after the window for late labels", end)
                .isBeforeOrEqualTo(end.minus(Duration.ofDays(7)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Jars, Dockerfile, modules

    @Test
    void shouldCopyIntoTheImageEveryJarComposeRuns() {
        List<String> problems = new ArrayList<>();
        Set<String> copied = dockerfile.copiedJars().keySet();
        for (Service s : compose.builtServices()) {
            Program p = Program.of(s, problems);
            if (p != null && !copied.contains(p.jar())) {
                problems.add(s.name() + " runs " + p.jar() + ", which the Dockerfile does not copy (it copies " + copied + ")");
            }
        }
        assertThat(problems).as("jars run by docker-compose.yml and copied by the Dockerfile").isEmpty();
        assertThat(dockerfile.finalStage().user()).as("USER of the runtime image: a non-root user")
                .isPresent().get().matches(u -> !u.equals("root") && !u.startsWith("0"), "not root");
        assertThat(dockerfile.finalStage().runs())
                .as("the runtime stage installs libgomp1: XGBoost's native library (trainer, scoring) links libgomp.so.1")
                .anyMatch(run -> run.contains("install") && run.contains("libgomp1"));
        assertThat(dockerfile.stage("build").orElseThrow().runs())
                .as("the build stage packages every module with the Maven wrapper, tests skipped (the build runs them)")
                .anyMatch(run -> run.contains("./mvnw") && run.contains(" package") && run.contains("-DskipTests"));
    }

    @Test
    void shouldRunJarsThatRunnableModulesBuild() {
        List<String> problems = new ArrayList<>();
        Map<String, CopiedJar> copied = dockerfile.copiedJars();
        for (Service s : compose.builtServices()) {
            Program p = Program.of(s, problems);
            if (p == null || !copied.containsKey(p.jar())) {
                continue; // reported by shouldCopyIntoTheImageEveryJarComposeRuns
            }
            CopiedJar jar = copied.get(p.jar());
            Module module = modules.get(jar.module());
            if (module == null) {
                problems.add(s.name() + ": the Dockerfile copies " + p.jar() + " from " + jar.module()
                        + "/target, which is not a module of the parent pom " + modules.keySet());
                continue;
            }
            if (!jar.fileName().equals(module.finalName() + ".jar")) {
                problems.add(s.name() + ": " + p.jar() + " comes from " + jar.source() + ", but module " + module.dir()
                        + " builds " + module.finalName() + ".jar (its <finalName>)");
            }
            if (module.mainClass().isEmpty()) {
                problems.add(s.name() + ": module " + module.dir() + " sets no <main.class>, so `java -jar` cannot start its jar");
            } else if (!Files.isRegularFile(root.resolve(module.dir()).resolve("src/main/java")
                    .resolve(module.mainClass().get().replace('.', '/') + ".java"))) {
                problems.add(s.name() + ": main class " + module.mainClass().get() + " of module " + module.dir() + " has no source file");
            }
            if (!module.copiesDependencies()) {
                problems.add(s.name() + ": module " + module.dir() + " does not declare maven-dependency-plugin, so target/lib is empty");
            }
            if (!dockerfile.copiesLibFor(jar)) {
                problems.add(s.name() + ": the Dockerfile copies " + jar.source() + " but not " + jar.module() + "/target/lib/ into "
                        + jar.directory() + "lib/, where the jar's manifest Class-Path looks");
            }
            if (!p.jarModule().equals(module.dir())) {
                problems.add(s.name() + ": " + p.jar() + " is built by " + module.dir() + ", but this test maps it to " + p.jarModule());
            }
        }
        assertThat(problems).as("jars run by docker-compose.yml").isEmpty();
    }

    // ===============================================================================================================
    // Model of the files

    /**
     * What a fraudstream service runs: a jar (built by {@code jarModule}), a launcher subcommand if any, and the program
     * arguments; {@code module} is the module whose configuration the program loads (the launcher's {@code generate}
     * loads the ingest service's).
     */
    private record Program(String jar, String jarModule, String module, Optional<String> subcommand, List<String> args) {

        private static final Map<String, String> JAR_MODULES = Map.of(
                "/app/ingest-service/ingest-service.jar", "ingest-service",
                "/app/feature-stream/feature-stream.jar", "feature-stream",
                "/app/scoring-service/scoring-service.jar", "scoring-service",
                "/app/pipeline-app/pipeline-app.jar", "pipeline-app",
                "/app/trainer/fraudstream-trainer.jar", "trainer",
                "/app/dashboard/dashboard.jar", "dashboard",
                "/app/launcher/fraudstream-launcher.jar", "launcher");

        /** The program of a built service, or null (with the reason added to {@code problems}). */
        static Program of(Service s, List<String> problems) {
            List<List<String>> invocations = javaInvocations(s.commandLine());
            if (invocations.size() != 1) {
                problems.add(s.name() + " must run exactly one `java ... -jar /app/<name>/<name>.jar`, runs " + invocations
                        + " (command line " + s.commandLine() + ")");
                return null;
            }
            List<String> tokens = invocations.getFirst();
            String jar = tokens.getFirst();
            List<String> args = tokens.subList(1, tokens.size());
            String module = JAR_MODULES.get(jar);
            if (module == null) {
                problems.add(s.name() + " runs " + jar + ", not one of the program jars " + JAR_MODULES.keySet());
                return null;
            }
            Program program;
            if (module.equals("launcher")) {
                if (args.isEmpty() || !LAUNCHER_SUBCOMMAND_MODULES.containsKey(args.getFirst())) {
                    problems.add(s.name() + " runs the launcher without one of its service subcommands " + LAUNCHER_SUBCOMMAND_MODULES.keySet());
                    return null;
                }
                program = new Program(jar, module, LAUNCHER_SUBCOMMAND_MODULES.get(args.getFirst()), Optional.of(args.getFirst()), args);
            } else {
                program = new Program(jar, module, module, Optional.empty(), args);
            }
            return program;
        }

        /** Why the arguments are wrong for the program, if they are. */
        Optional<String> argumentProblem() {
            if (args.stream().anyMatch(a -> Set.of("--set", "-s", "-D", "--config").contains(a) || a.startsWith("-D"))) {
                return Optional.of("configure through FRAUDSTREAM_* variables, not --set/-D/--config arguments: " + args);
            }
            try {
                if (subcommand.isPresent()) {
                    FraudstreamCli.commandLine().parseArgs(args.toArray(String[]::new));
                } else if (module.equals("trainer")) {
                    TrainerMain.commandLine(Optional.empty()).parseArgs(args.toArray(String[]::new));
                } else if (!args.isEmpty()) {
                    return Optional.of(jar + " is configured by its environment and takes no arguments here: " + args);
                }
                return Optional.empty();
            } catch (CommandLine.ParameterException e) {
                return Optional.of("the arguments " + args + " do not parse: " + e.getMessage());
            }
        }

        /** The launcher subcommand's object after parsing the arguments, e.g. the {@link GenerateCommand}. */
        <T> T parsedLauncherCommand(Class<T> type) {
            CommandLine.ParseResult parsed = FraudstreamCli.commandLine().parseArgs(args.toArray(String[]::new));
            return type.cast(parsed.subcommand().commandSpec().userObject());
        }

        /** Each {@code java [jvm options] -jar JAR args...} in a command line, as [JAR, args...]; shell commands included. */
        private static List<List<String>> javaInvocations(List<String> commandLine) {
            List<String> tokens = commandLine.size() == 3 && commandLine.get(0).endsWith("sh") && commandLine.get(1).equals("-c")
                    ? List.of(commandLine.get(2).strip().split("\\s+"))
                    : commandLine;
            List<List<String>> out = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                if (!tokens.get(i).equals("java") && !tokens.get(i).endsWith("/java")) {
                    continue;
                }
                int jar = tokens.subList(i, tokens.size()).indexOf("-jar");
                if (jar < 0 || i + jar + 1 >= tokens.size()) {
                    continue;
                }
                List<String> invocation = new ArrayList<>();
                for (int j = i + jar + 1; j < tokens.size() && !Set.of("&&", "||", ";", "|").contains(tokens.get(j)); j++) {
                    invocation.add(tokens.get(j));
                }
                out.add(invocation);
            }
            return out;
        }

        @Override
        public String toString() {
            return jar + subcommand.map(c -> " " + c).orElse("");
        }
    }

    /** A program's configuration: its definition and the typed config built from resolved values. */
    private record ConfigSchema(String name, ConfigDef definition, Function<Map<String, String>, ? extends AbstractConfig> factory) {

        static ConfigSchema forModule(String module) {
            return switch (module) {
                case "ingest-service" -> new ConfigSchema("IngestConfig", IngestConfig.definition(), IngestConfig::new);
                case "feature-stream" -> new ConfigSchema("FeatureStreamConfig", FeatureStreamConfig.definition(), FeatureStreamConfig::new);
                case "scoring-service" -> new ConfigSchema("ScoringConfig", ScoringConfig.definition(), ScoringConfig::new);
                case "pipeline-app" -> new ConfigSchema("PipelineAppConfig", PipelineAppConfig.definition(), PipelineAppConfig::new);
                case "trainer" -> new ConfigSchema("TrainerConfig", TrainerConfig.definition(), TrainerConfig::new);
                case "dashboard" -> new ConfigSchema("DashboardConfig", DashboardConfig.definition(), DashboardConfig::new);
                default -> throw new IllegalArgumentException("no configuration known for module " + module);
            };
        }

        /** Loads the configuration from an environment, through the same loader the programs use. */
        Function<Map<String, String>, AbstractConfig> load() {
            return env -> ConfigLoader.create().withEnvironment(env).load(definition, values -> factory.apply(values));
        }
    }

    private record Compose(Map<String, Service> services, Set<String> volumes) {

        static Compose read(Path file) throws IOException {
            YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            JsonNode tree = yaml.readTree(file.toFile());
            Map<String, Service> services = new LinkedHashMap<>();
            tree.path("services").properties().forEach(e -> services.put(e.getKey(), new Service(e.getKey(), e.getValue())));
            Set<String> volumes = new HashSet<>();
            tree.path("volumes").fieldNames().forEachRemaining(volumes::add);
            assertThat(services).as("services of %s", file).isNotEmpty();
            return new Compose(services, volumes);
        }

        /** The services built from the project's Dockerfile: the fraudstream programs. */
        List<Service> builtServices() {
            return services.values().stream().filter(Service::built).toList();
        }

        Service serviceWithImage(String repository) {
            List<Service> found = services.values().stream()
                    .filter(s -> s.image().map(i -> i.startsWith(repository + ":")).orElse(false)).toList();
            assertThat(found).as("services running the %s image", repository).hasSize(1);
            return found.getFirst();
        }

        /** The built services running a module's program (as the jar or a launcher subcommand). */
        List<Service> servicesRunning(String module, List<String> problems) {
            List<Service> found = builtServices().stream().filter(s -> {
                Program p = Program.of(s, problems);
                return p != null && p.module().equals(module);
            }).toList();
            assertThat(found).as("services running %s", module).isNotEmpty();
            return found;
        }

        /** Whether {@code host} reaches service {@code s} on the compose network (its name or hostname). */
        boolean isHostOf(String host, Service s) {
            return host.equals(s.name()) || s.node().path("hostname").asText("").equals(host);
        }
    }

    private record Service(String name, JsonNode node) {

        boolean built() {
            return node.has("build");
        }

        Optional<String> image() {
            return Optional.ofNullable(node.path("image").textValue());
        }

        String buildContext() {
            JsonNode build = node.path("build");
            return build.isTextual() ? build.textValue() : build.path("context").asText(".");
        }

        String buildDockerfile() {
            return node.path("build").path("dockerfile").asText("Dockerfile");
        }

        String restart() {
            return node.path("restart").asText("no");
        }

        List<String> profiles() {
            return strings(node.path("profiles"));
        }

        /** {@link #environment(List)}, its problems left to the configuration test to report. */
        Map<String, String> environment() {
            return environment(new ArrayList<>());
        }

        /** The environment with Compose's interpolation applied as on a machine where none of the variables is set. */
        Map<String, String> environment(List<String> problems) {
            Map<String, String> raw = new TreeMap<>();
            JsonNode env = node.path("environment");
            if (env.isArray()) {
                env.forEach(e -> {
                    String[] kv = e.asText().split("=", 2);
                    raw.put(kv[0], kv.length == 2 ? kv[1] : null);
                });
            } else {
                env.properties().forEach(e -> {
                    JsonNode v = e.getValue();
                    if (v.isBoolean()) {
                        problems.add(name + ": " + e.getKey() + ": " + v + " is a YAML boolean; Compose wants environment values quoted");
                    }
                    raw.put(e.getKey(), v.isNull() ? null : v.asText());
                });
            }
            Map<String, String> out = new TreeMap<>();
            raw.forEach((variable, value) -> {
                if (value == null) {
                    problems.add(name + ": " + variable + " has no value (Compose would take it from the host, if set there)");
                } else {
                    out.put(variable, Interpolation.resolve(name, variable, value, problems));
                }
            });
            return out;
        }

        /** depends_on as target -> condition (the short list form means service_started). */
        Map<String, String> dependsOn() {
            Map<String, String> out = new LinkedHashMap<>();
            JsonNode deps = node.path("depends_on");
            if (deps.isArray()) {
                deps.forEach(d -> out.put(d.asText(), "service_started"));
            } else {
                deps.properties().forEach(e -> out.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
            }
            return out;
        }

        /** The healthcheck's test as words (CMD-SHELL strings split on spaces), if there is an enabled one. */
        Optional<List<String>> healthcheck() {
            JsonNode check = node.path("healthcheck");
            if (check.isMissingNode() || check.path("disable").asBoolean(false)) {
                return Optional.empty();
            }
            JsonNode test = check.path("test");
            List<String> words = test.isTextual() ? List.of(test.textValue().split("\\s+")) : strings(test);
            return words.isEmpty() || words.getFirst().equals("NONE") ? Optional.empty() : Optional.of(words);
        }

        List<PortMapping> ports() {
            List<PortMapping> out = new ArrayList<>();
            node.path("ports").forEach(p -> out.add(PortMapping.parse(p)));
            return out;
        }

        List<Mount> mounts() {
            List<Mount> out = new ArrayList<>();
            node.path("volumes").forEach(v -> out.add(Mount.parse(v)));
            return out;
        }

        /** The mount whose target holds {@code path}, if any. */
        Optional<Mount> mountHolding(String path) {
            return mounts().stream().filter(m -> path.equals(m.target()) || path.startsWith(m.target() + "/")).findFirst();
        }

        /** entrypoint + command, as Compose passes them to the container (a string is split on spaces). */
        List<String> commandLine() {
            List<String> out = new ArrayList<>();
            for (String field : List.of("entrypoint", "command")) {
                JsonNode n = node.path(field);
                out.addAll(n.isTextual() ? List.of(n.textValue().strip().split("\\s+")) : strings(n));
            }
            return out;
        }

        private static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(e -> out.add(e.asText()));
            return out;
        }
    }

    /** Compose variable interpolation, evaluated as on a machine that sets none of the variables. */
    private static final class Interpolation {

        private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?([^}]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

        static String resolve(String service, String variable, String value, List<String> problems) {
            Matcher m = VARIABLE.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement;
                if (m.group().equals("$$")) {
                    replacement = "$";
                } else if (m.group(2) != null && m.group(4).isEmpty()) {
                    replacement = m.group(3);
                    if (!m.group(1).equals(variable)) {
                        problems.add(service + ": " + variable + " defaults through ${" + m.group(1) + "...}; name the host variable "
                                + variable + " too, so that setting it in the shell or .env overrides the default");
                    }
                } else {
                    problems.add(service + ": " + variable + "=" + value + " uses " + m.group()
                            + " without a ${NAME:-default}; `docker compose up` must work without host variables");
                    replacement = "";
                }
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    private record PortMapping(String hostIp, Optional<Integer> published, int target) {

        /** Short syntax ("[host_ip:]published:target[/protocol]", or "target") or the long one. */
        static PortMapping parse(JsonNode p) {
            if (p.isObject()) {
                return new PortMapping(p.path("host_ip").asText("0.0.0.0"),
                        p.has("published") ? Optional.of(Integer.parseInt(p.path("published").asText())) : Optional.empty(),
                        p.path("target").asInt());
            }
            String[] parts = p.asText().replaceFirst("/(tcp|udp)$", "").split(":");
            return switch (parts.length) {
                case 1 -> new PortMapping("0.0.0.0", Optional.empty(), Integer.parseInt(parts[0]));
                case 2 -> new PortMapping("0.0.0.0", Optional.of(Integer.parseInt(parts[0])), Integer.parseInt(parts[1]));
                default -> new PortMapping(parts[0], Optional.of(Integer.parseInt(parts[1])), Integer.parseInt(parts[2]));
            };
        }
    }

    private record Mount(String source, String target, boolean readOnly) {

        static Mount parse(JsonNode v) {
            if (v.isObject()) {
                return new Mount(v.path("source").asText(), v.path("target").asText(), v.path("read_only").asBoolean(false));
            }
            String[] parts = v.asText().split(":");
            return new Mount(parts[0], parts[1], parts.length > 2 && Arrays.asList(parts[2].split(",")).contains("ro"));
        }

        boolean namedVolume() {
            return !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~");
        }
    }

    private record HostPort(String host, int port) {

        static HostPort parse(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            return new HostPort(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** "NAME://host:port,..." (Kafka listener lists) as name -> address. */
    private static Map<String, HostPort> listeners(String list) {
        Map<String, HostPort> out = new LinkedHashMap<>();
        if (list != null) {
            for (String listener : list.split(",")) {
                String[] nameAndAddress = listener.strip().split("://", 2);
                out.put(nameAndAddress[0], HostPort.parse(nameAndAddress[1]));
            }
        }
        return out;
    }

    /** A jar the runtime stage copies: from {@code <workdir>/<module>/target/<file>} into {@code directory}. */
    private record CopiedJar(String source, String module, String fileName, String directory) {
    }

    private record Stage(String name, String image, List<String[]> instructions) {

        List<String> runs() {
            return instructions.stream().filter(i -> i[0].equals("RUN")).map(i -> i[1]).toList();
        }

        Optional<String> user() {
            return instructions.stream().filter(i -> i[0].equals("USER")).map(i -> i[1].strip()).reduce((a, b) -> b);
        }

        String workdir() {
            return instructions.stream().filter(i -> i[0].equals("WORKDIR")).map(i -> i[1].strip()).reduce((a, b) -> b).orElse("/");
        }
    }

    private record Dockerfile(List<Stage> stages) {

        static Dockerfile read(Path file) throws IOException {
            List<Stage> stages = new ArrayList<>();
            StringBuilder logical = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                String stripped = line.strip();
                if (stripped.startsWith("#") || (stripped.isEmpty() && logical.isEmpty())) {
                    continue;
                }
                if (stripped.endsWith("\\")) {
                    logical.append(stripped, 0, stripped.length() - 1).append(' ');
                    continue;
                }
                logical.append(stripped);
                String instruction = logical.toString().strip();
                logical.setLength(0);
                if (instruction.isEmpty()) {
                    continue;
                }
                String[] keywordAndRest = instruction.split("\\s+", 2);
                String keyword = keywordAndRest[0].toUpperCase(java.util.Locale.ROOT);
                String rest = keywordAndRest.length > 1 ? keywordAndRest[1] : "";
                if (keyword.equals("FROM")) {
                    String[] from = rest.split("\\s+");
                    stages.add(new Stage(from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : String.valueOf(stages.size()),
                            from[0], new ArrayList<>()));
                } else {
                    assertThat(stages).as("%s: %s before the first FROM", file, keyword).isNotEmpty();
                    stages.getLast().instructions().add(new String[] {keyword, rest});
                }
            }
            return new Dockerfile(stages);
        }

        Stage finalStage() {
            return stages.getLast();
        }

        Optional<Stage> stage(String name) {
            return stages.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        /** COPY --from=<stage> instructions of the runtime stage as [stage, sources..., destination]. */
        private List<List<String>> copiesFromStages() {
            List<List<String>> out = new ArrayList<>();
            for (String[] i : finalStage().instructions()) {
                if (!i[0].equals("COPY")) {
                    continue;
                }
                List<String> words = new ArrayList<>(List.of(i[1].strip().split("\\s+")));
                Optional<String> from = words.stream().filter(w -> w.startsWith("--from=")).map(w -> w.substring(7)).findFirst();
                words.removeIf(w -> w.startsWith("--"));
                from.ifPresent(f -> {
                    List<String> copy = new ArrayList<>(List.of(f));
                    copy.addAll(words);
                    out.add(copy);
                });
            }
            return out;
        }

        /** Jars the runtime stage copies from another stage, by their path in the image. */
        Map<String, CopiedJar> copiedJars() {
            Map<String, CopiedJar> out = new TreeMap<>();
            for (List<String> copy : copiesFromStages()) {
                Stage from = stage(copy.getFirst()).orElseThrow(() -> new AssertionError("COPY --from=" + copy.getFirst() + ": no such stage"));
                String destination = copy.getLast();
                for (String source : copy.subList(1, copy.size() - 1)) {
                    Matcher m = Pattern.compile(Pattern.quote(from.workdir() + "/") + "([^/]+)/target/([^/]+\\.jar)").matcher(source);
                    if (m.matches()) {
                        String directory = destination.endsWith("/") ? destination : destination.substring(0, destination.lastIndexOf('/') + 1);
                        String inImage = destination.endsWith("/") ? destination + m.group(2) : destination;
                        out.put(inImage, new CopiedJar(source, m.group(1), m.group(2), directory));
                    }
                }
            }
            return out;
        }

        /** Whether the runtime stage copies the jar's module's target/lib next to it. */
        boolean copiesLibFor(CopiedJar jar) {
            return copiesFromStages().stream().anyMatch(copy -> {
                String workdir = stage(copy.getFirst()).map(Stage::workdir).orElse("/");
                List<String> sources = copy.subList(1, copy.size() - 1).stream()
                        .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).toList();
                String destination = copy.getLast().endsWith("/") ? copy.getLast() : copy.getLast() + "/";
                return sources.contains(workdir + "/" + jar.module() + "/target/lib") && destination.equals(jar.directory() + "lib/");
            });
        }

        /** Directories a RUN of the runtime stage creates (mkdir) and hands over (chown). */
        List<String> directoriesCreatedAndOwned() {
            List<String> out = new ArrayList<>();
            for (String run : finalStage().runs()) {
                if (run.contains("chown")) {
                    Matcher m = Pattern.compile("mkdir (?:-p )?((?:/[^\\s&;]+\\s*)+)").matcher(run);
                    while (m.find()) {
                        out.addAll(List.of(m.group(1).strip().split("\\s+")));
                    }
                }
            }
            return out;
        }

        /** Whether the runtime image has curl: Eclipse Temurin's Ubuntu images ship it; otherwise a RUN must install it. */
        boolean runtimeImageHasCurl() {
            String image = finalStage().image();
            boolean temurinUbuntu = image.startsWith("eclipse-temurin:") && !image.contains("alpine") && !image.contains("ubi");
            return temurinUbuntu || finalStage().runs().stream().anyMatch(r -> r.contains("install") && r.contains("curl"));
        }
    }

    /** A Maven module of the parent pom: its folder, jar name, main class and whether it copies its dependencies. */
    private record Module(String dir, String finalName, Optional<String> mainClass, boolean copiesDependencies) {

        static Map<String, Module> readAll(Path root) {
            Map<String, Module> out = new TreeMap<>();
            Element parent = pom(root.resolve("pom.xml"));
            String version = child(parent, "version").orElseThrow().getTextContent().strip();
            for (Element m : children(child(parent, "modules").orElseThrow(), "module")) {
                String dir = m.getTextContent().strip();
                Element pom = pom(root.resolve(dir).resolve("pom.xml"));
                Optional<Element> build = child(pom, "build");
                String finalName = build.flatMap(b -> child(b, "finalName")).map(e -> e.getTextContent().strip())
                        .orElse(child(pom, "artifactId").orElseThrow().getTextContent().strip() + "-" + version);
                Optional<String> mainClass = child(pom, "properties").flatMap(p -> child(p, "main.class"))
                        .map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
                boolean copies = build.flatMap(b -> child(b, "plugins")).map(p -> children(p, "plugin").stream()
                        .anyMatch(plugin -> child(plugin, "artifactId").map(a -> a.getTextContent().strip())
                                .filter("maven-dependency-plugin"::equals).isPresent())).orElse(false);
                out.put(dir, new Module(dir, finalName, mainClass, copies));
            }
            return out;
        }
    }

    private static Element pom(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(file.toFile());
            return document.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String rootPomProperty(String name) {
        return child(pom(root.resolve("pom.xml")), "properties").flatMap(p -> child(p, name))
                .map(e -> e.getTextContent().strip()).orElseThrow(() -> new AssertionError("no <" + name + "> in the parent pom"));
    }

    /** The repository root: the nearest directory up from the working directory with the compose file and a pom. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("no docker-compose.yml with a pom.xml in " + Path.of("").toAbsolutePath() + " or above");
    }
}
