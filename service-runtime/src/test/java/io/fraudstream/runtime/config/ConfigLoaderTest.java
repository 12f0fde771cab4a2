package io.fraudstream.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigLoader loader() {
        return ConfigLoader.create().withEnvironment(Map.of());
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void shouldApplySourcesInIncreasingPrecedence() throws IOException {
        Path props = file("service.properties", """
                kafka.bootstrap.servers=file:9092
                service.name=from-file
                http.port=1001
                shutdown.timeout.ms=1000
                """);
        ConfigLoader loader = loader().withPropertiesFile(props)
                .withEnvironment(Map.of("FRAUDSTREAM_HTTP_PORT", "2002", "FRAUDSTREAM_SHUTDOWN_TIMEOUT_MS", "2000"))
                .withOverrides(Map.of("shutdown.timeout.ms", "3000"));

        RuntimeConfig config = loader.load();

        assertThat(config.serviceName()).isEqualTo("from-file");
        assertThat(config.httpPort()).isEqualTo(2002);
        assertThat(config.shutdownTimeout().toMillis()).isEqualTo(3000);
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        ResolvedConfig resolved = loader.resolve(RuntimeConfig.baseDefinition());
        assertThat(resolved.source("service.name")).isEqualTo("properties file " + props);
        assertThat(resolved.source("http.port")).isEqualTo("environment variable FRAUDSTREAM_HTTP_PORT");
        assertThat(resolved.source("shutdown.timeout.ms")).isEqualTo("override");
        assertThat(resolved.source("http.host")).isEqualTo("default");
    }

    @Test
    void shouldTakeConnectionSettingsFromTheLocalStackFileUnderExplicitOnes() throws IOException {
        Path stack = file("stack.properties", """
                kafka.bootstrap.servers=127.0.0.1:39092
                schema.registry.url=http://127.0.0.1:38080/apis/ccompat/v7
                broker.pid=1234
                """);

        RuntimeConfig fromStack = loader().withOverrides(
                        Map.of("service.name", "ingest", "local.stack.file", stack.toString()))
                .load();
        RuntimeConfig explicit = loader().withEnvironment(Map.of(
                        "FRAUDSTREAM_LOCAL_STACK_FILE",
                        stack.toString(),
                        "FRAUDSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                        "prod:9092"))
                .withOverrides(Map.of("service.name", "ingest"))
                .load();

        assertThat(fromStack.bootstrapServers()).containsExactly("127.0.0.1:39092");
        assertThat(fromStack.schemaRegistryUrl())
                .hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(38080));
        assertThat(explicit.bootstrapServers()).containsExactly("prod:9092");
        assertThat(explicit.schemaRegistryUrl()).isPresent();
    }

    @Test
    void shouldExplainAMissingBootstrapWhenTheLocalStackFileIsAbsent() {
        Path absent = dir.resolve("no-stack.properties");

        assertThatThrownBy(() -> loader().withOverrides(
                                Map.of("service.name", "ingest", "local.stack.file", absent.toString()))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing required configuration 'kafka.bootstrap.servers'")
                .hasMessageContaining("FRAUDSTREAM_KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining(absent + " does not exist");
    }

    @Test
    void shouldNameKeyValueAndSourceOfAnInvalidValue() throws IOException {
        Path props =
                file("bad.properties", "kafka.bootstrap.servers=b:9092\nservice.name=svc\ntopics.partitions=many\n");

        assertThatThrownBy(() -> loader().withPropertiesFile(props)
                        .withEnvironment(Map.of("FRAUDSTREAM_HTTP_PORT", "-1"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("2 problems")
                .hasMessageContaining("topics.partitions")
                .hasMessageContaining("many")
                .hasMessageContaining("properties file " + props)
                .hasMessageContaining("http.port")
                .hasMessageContaining("-1")
                .hasMessageContaining("environment variable FRAUDSTREAM_HTTP_PORT");
    }

    @Test
    void shouldRejectUnknownKeysFromFilesAndOverridesNamingTheSource() throws IOException {
        Path props = file("typo.properties", "htp.port=8080\n");

        assertThatThrownBy(() -> loader().withPropertiesFile(props)
                        .withOverrides(Map.of(
                                "kafka.bootstrap.servers", "b:9092", "service.name", "svc", "topics.provison", "false"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'htp.port' from properties file " + props + " (did you mean 'http.port'?)")
                .hasMessageContaining("'topics.provison' from override");
    }

    @Test
    void shouldRejectAnotherServicesKeyInAnOverride() {
        // Given a key the scoring service declares, set explicitly for a service that does not
        KnownKeys known = KnownKeys.of(RuntimeConfig.baseDefinition("scoring-service")
                .define("model.signing.key", ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH, "key"));

        // When / Then: an explicit setting the service cannot apply is an error, whoever declares it
        assertThatThrownBy(() -> loader().withKnownKeys(known)
                        .withOverrides(Map.of(
                                "kafka.bootstrap.servers", "b:9092", "service.name", "svc", "model.signing.key", "k"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'model.signing.key' from override");
    }

    @Test
    void shouldIgnoreAnotherServicesVariableInASharedEnvironment() {
        // Given one shell exporting the scoring service's key, and a loader that knows every service's keys
        KnownKeys known = KnownKeys.of(RuntimeConfig.baseDefinition("scoring-service")
                .define("model.signing.key", ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.HIGH, "key"));
        ConfigLoader loader = loader().withKnownKeys(known)
                .withEnvironment(Map.of("FRAUDSTREAM_MODEL_SIGNING_KEY", "secret", "FRAUDSTREAM_HTTP_PORT", "8081"))
                .withOverrides(Map.of("kafka.bootstrap.servers", "b:9092", "service.name", "features"));

        // When another service starts in it
        RuntimeConfig config = loader.load();
        ResolvedConfig resolved = loader.resolve(RuntimeConfig.baseDefinition());

        // Then it starts, applies its own variables and sets the other service's aside
        assertThat(config.httpPort()).isEqualTo(8081);
        assertThat(config.originals()).doesNotContainKey("model.signing.key");
        assertThat(resolved.ignoredVariables())
                .containsExactly(
                        Map.entry("FRAUDSTREAM_MODEL_SIGNING_KEY", "'model.signing.key' is another service's key"));
    }

    @Test
    void shouldIgnoreButReportAVariableNoServiceDeclares() {
        ConfigLoader loader = loader().withEnvironment(Map.of("FRAUDSTREAM_HTTP_HOTS", "0.0.0.0"))
                .withOverrides(Map.of("kafka.bootstrap.servers", "b:9092", "service.name", "svc"));

        RuntimeConfig config = loader.load();

        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(loader.resolve(RuntimeConfig.baseDefinition()).ignoredVariables())
                .containsExactly(
                        Map.entry(
                                "FRAUDSTREAM_HTTP_HOTS",
                                "no fraudstream service declares 'http.hots' (did you mean 'http.host', FRAUDSTREAM_HTTP_HOST?)"));
    }

    @Test
    void shouldStillValidateTheServicesOwnVariables() {
        assertThatThrownBy(() -> loader().withEnvironment(Map.of("FRAUDSTREAM_HTTP_PORT", "many"))
                        .withOverrides(Map.of("kafka.bootstrap.servers", "b:9092", "service.name", "svc"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable FRAUDSTREAM_HTTP_PORT");
    }

    @Test
    void shouldApplyProgramDefaultsUnderEveryOtherSource() {
        ConfigLoader loader = loader().withDefaults(Map.of(
                        "local.stack.file",
                        "/default/connection.properties",
                        "http.port",
                        "1001",
                        "shutdown.timeout.ms",
                        "1000"))
                .withEnvironment(Map.of("FRAUDSTREAM_LOCAL_STACK_FILE", "/other/connection.properties"))
                .withOverrides(Map.of("kafka.bootstrap.servers", "b:9092", "service.name", "svc", "http.port", "2002"));

        RuntimeConfig config = loader.load();

        assertThat(config.localStackFile()).contains(Path.of("/other/connection.properties"));
        assertThat(config.httpPort()).isEqualTo(2002);
        assertThat(config.shutdownTimeout().toMillis()).isEqualTo(1000);
        assertThat(loader.resolve(RuntimeConfig.baseDefinition()).source("shutdown.timeout.ms"))
                .isEqualTo("program default");
    }

    @Test
    void shouldIgnoreKnownNonConfigVariablesAndForeignVariables() {
        RuntimeConfig config = loader().withEnvironment(Map.of(
                        "FRAUDSTREAM_APICURIO_HOME", "/opt/apicurio",
                        "FRAUDSTREAM_IT_STACK_DIR", "/tmp/stack",
                        "PATH", "/usr/bin",
                        "FRAUDSTREAM_LAUNCHER_OPTS", "-Xmx1g"))
                .ignoringEnvironmentVariables(Set.of("FRAUDSTREAM_LAUNCHER_OPTS"))
                .withOverrides(Map.of("kafka.bootstrap.servers", "b:9092", "service.name", "svc"))
                .load();

        assertThat(config.originals()).doesNotContainKeys("apicurio.home", "it.stack.dir", "launcher.opts");
    }

    @Test
    void shouldPassThroughPrefixedKeysFromTheEnvironment() {
        RuntimeConfig config = loader().withEnvironment(Map.of(
                        "FRAUDSTREAM_PRODUCER_LINGER_MS",
                        "20",
                        "FRAUDSTREAM_KAFKA_BOOTSTRAP_SERVERS",
                        "b:9092",
                        "FRAUDSTREAM_SERVICE_NAME",
                        "svc"))
                .load();

        assertThat(config.producerProps()).containsEntry("linger.ms", "20");
    }

    @Test
    void shouldFailOnAMissingPropertiesFile() {
        Path absent = dir.resolve("absent.properties");

        assertThatThrownBy(() -> loader().withPropertiesFile(absent).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(absent.toString());
    }

    @Test
    void shouldBuildServiceConfigsThroughTheFactory() {
        ResolvedConfig resolved = loader().withOverrides(Map.of("kafka.bootstrap.servers", "b:9092"))
                .resolve(RuntimeConfig.baseDefinition("feature-stream"));

        RuntimeConfig config = loader().withOverrides(Map.of("kafka.bootstrap.servers", "b:9092"))
                .load(RuntimeConfig.baseDefinition("feature-stream"));

        assertThat(resolved.values()).containsOnlyKeys("kafka.bootstrap.servers");
        assertThat(config.serviceName()).isEqualTo("feature-stream");
    }
}
