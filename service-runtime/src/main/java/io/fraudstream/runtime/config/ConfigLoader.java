package io.fraudstream.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers configuration from its sources and builds a typed config from them. Precedence, lowest first:
 * <ol>
 *     <li>the {@link ConfigDef} defaults;</li>
 *     <li>{@linkplain #withDefaults(Map) the caller's defaults}, such as the launcher's default local stack file;</li>
 *     <li>the {@linkplain RuntimeConfig#LOCAL_STACK_FILE local stack connection file}, if configured and present
 *     (only {@link RuntimeConfig#LOCAL_STACK_KEYS});</li>
 *     <li>a properties file, if given;</li>
 *     <li>environment variables named as {@link EnvironmentNames} says ({@code FRAUDSTREAM_HTTP_PORT});</li>
 *     <li>explicit overrides, typically from the command line.</li>
 * </ol>
 * Every error (unknown key, bad value, missing required key) names the key, the value and its source; all are
 * reported together in one {@link ConfigException}. Instances are immutable; {@code with*} methods return copies.
 *
 * <p>An unknown key in a properties file or an override is an error. The environment is often shared by every
 * service (one shell, an env file, a ConfigMap), so a {@code FRAUDSTREAM_*} variable whose key this service does not
 * declare is ignored instead: at debug level when another service {@linkplain #withKnownKeys(KnownKeys) declares it},
 * with a warning (and a "did you mean") when none does, since that is most likely a typo.
 */
public final class ConfigLoader {

    /**
     * {@code FRAUDSTREAM_*} environment variables that are not configuration and are therefore not reported as
     * unknown keys: the local stack's Apicurio location, the integration tests' broker and PostgreSQL addresses.
     */
    public static final Set<String> NON_CONFIG_ENVIRONMENT_VARIABLES = Set.of(
            "FRAUDSTREAM_APICURIO_HOME",
            "FRAUDSTREAM_IT_STACK_DIR",
            "FRAUDSTREAM_REBUILD",
            "FRAUDSTREAM_JAVA_OPTS",
            "FRAUDSTREAM_IT_POSTGRES_URL");

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String OVERRIDE = "override";
    private static final String DEFAULTS = "program default";

    private final Map<String, String> environment;
    private final Optional<Path> propertiesFile;
    private final Map<String, String> overrides;
    private final Set<String> ignoredVariables;
    private final Map<String, String> defaults;
    private final KnownKeys knownKeys;

    private ConfigLoader(
            Map<String, String> environment,
            Optional<Path> propertiesFile,
            Map<String, String> overrides,
            Set<String> ignoredVariables,
            Map<String, String> defaults,
            KnownKeys knownKeys) {
        this.environment = Map.copyOf(environment);
        this.propertiesFile = propertiesFile;
        this.overrides = Map.copyOf(overrides);
        this.ignoredVariables = Set.copyOf(ignoredVariables);
        this.defaults = Map.copyOf(defaults);
        this.knownKeys = knownKeys;
    }

    /** A loader reading the process environment, without a properties file or overrides. */
    public static ConfigLoader create() {
        return new ConfigLoader(
                System.getenv(),
                Optional.empty(),
                Map.of(),
                NON_CONFIG_ENVIRONMENT_VARIABLES,
                Map.of(),
                KnownKeys.none());
    }

    /** Reads {@code environment} instead of the process environment (for tests). */
    public ConfigLoader withEnvironment(Map<String, String> environment) {
        return new ConfigLoader(
                Objects.requireNonNull(environment, "environment"),
                propertiesFile,
                overrides,
                ignoredVariables,
                defaults,
                knownKeys);
    }

    /** Reads this properties file (UTF-8); it must exist. */
    public ConfigLoader withPropertiesFile(Path file) {
        return withPropertiesFile(Optional.of(file));
    }

    /** Reads this properties file if present (UTF-8); an empty optional reads none. */
    public ConfigLoader withPropertiesFile(Optional<Path> file) {
        return new ConfigLoader(
                environment, Objects.requireNonNull(file, "file"), overrides, ignoredVariables, defaults, knownKeys);
    }

    /** Explicit values taking precedence over every other source. */
    public ConfigLoader withOverrides(Map<String, String> overrides) {
        return new ConfigLoader(
                environment,
                propertiesFile,
                Objects.requireNonNull(overrides, "overrides"),
                ignoredVariables,
                defaults,
                knownKeys);
    }

    /**
     * Values under every other source, above the {@link ConfigDef} defaults: what a program assumes unless told
     * otherwise, such as the launcher's local stack file. Unknown keys here are errors, as in overrides.
     */
    public ConfigLoader withDefaults(Map<String, String> defaults) {
        return new ConfigLoader(
                environment,
                propertiesFile,
                overrides,
                ignoredVariables,
                Objects.requireNonNull(defaults, "defaults"),
                knownKeys);
    }

    /**
     * The keys of every service sharing the environment: a {@code FRAUDSTREAM_*} variable for one of them that this
     * service does not declare is ignored quietly (debug); one for a key no service declares is ignored with a warning.
     */
    public ConfigLoader withKnownKeys(KnownKeys knownKeys) {
        return new ConfigLoader(
                environment,
                propertiesFile,
                overrides,
                ignoredVariables,
                defaults,
                Objects.requireNonNull(knownKeys, "knownKeys"));
    }

    /** Further {@code FRAUDSTREAM_*} variables that are not configuration (added to {@link #NON_CONFIG_ENVIRONMENT_VARIABLES}). */
    public ConfigLoader ignoringEnvironmentVariables(Set<String> names) {
        Set<String> all = new HashSet<>(ignoredVariables);
        all.addAll(names);
        return new ConfigLoader(environment, propertiesFile, overrides, all, defaults, knownKeys);
    }

    /** Loads a {@link RuntimeConfig} against {@link RuntimeConfig#baseDefinition()} ({@code service.name} required). */
    public RuntimeConfig load() {
        return load(RuntimeConfig.baseDefinition());
    }

    /**
     * Loads a plain {@link RuntimeConfig} against {@code definition}, for a service without keys of its own:
     * {@code load(RuntimeConfig.baseDefinition("ingest-service"))}.
     */
    public RuntimeConfig load(ConfigDef definition) {
        return load(definition, props -> new RuntimeConfig(definition, props));
    }

    /**
     * Resolves the sources against {@code definition} and builds the config with {@code factory}, which must parse
     * against the same definition: {@code load(ScoringConfig.definition(), ScoringConfig::new)}.
     *
     * @throws ConfigException listing every unknown key, invalid value and missing required key, with sources
     */
    public <C extends AbstractConfig> C load(ConfigDef definition, Function<Map<String, String>, C> factory) {
        return factory.apply(resolve(definition).values());
    }

    /**
     * Merges the sources and validates every value against {@code definition} without building a config.
     *
     * @throws ConfigException listing every unknown key, invalid value and missing required key, with sources
     */
    public ResolvedConfig resolve(ConfigDef definition) {
        Map<String, Sourced> merged = new TreeMap<>();
        defaults.forEach((k, v) -> merged.put(k, new Sourced(v, DEFAULTS)));
        propertiesFile.ifPresent(file ->
                readProperties(file).forEach((k, v) -> merged.put(k, new Sourced(v, "properties file " + file))));
        Map<String, String> ignored = new TreeMap<>();
        fromEnvironment().forEach((key, sourced) -> {
            if (UnknownKeys.find(definition, List.of(key)).isEmpty()) {
                merged.put(key, sourced);
            } else {
                ignored.put(sourced.variable(), ignoredBecause(definition, key));
            }
        });
        overrides.forEach((k, v) -> merged.put(k, new Sourced(v, OVERRIDE)));

        List<String> errors = new ArrayList<>();
        for (String key : UnknownKeys.find(definition, merged.keySet())) {
            errors.add(UnknownKeys.describe(
                    definition, key, Optional.of(merged.get(key).source())));
        }
        Optional<String> localStackNote = applyLocalStackFile(definition, merged);
        merged.forEach((key, sourced) -> validate(definition, key, sourced).ifPresent(errors::add));
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            if (!key.hasDefault() && !merged.containsKey(key.name)) {
                errors.add(missing(key.name, localStackNote));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException("Invalid configuration (" + errors.size() + " problem"
                    + (errors.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", errors));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        merged.forEach((k, s) -> {
            values.put(k, s.value());
            sources.put(k, s.source());
        });
        sources.forEach((k, s) -> log.debug("config {} from {}", k, s));
        ignored.forEach((variable, reason) -> {
            if (knownKeys.declares(EnvironmentNames.keyFor(variable).orElseThrow())) {
                log.debug("ignoring environment variable {}: {}", variable, reason);
            } else {
                log.warn("ignoring environment variable {}: {}", variable, reason);
            }
        });
        return new ResolvedConfig(values, sources, ignored);
    }

    /** Why an environment variable for {@code key}, which {@code definition} does not declare, is ignored. */
    private String ignoredBecause(ConfigDef definition, String key) {
        if (knownKeys.declares(key)) {
            return "'" + key + "' is another service's key";
        }
        Optional<String> suggestion = UnknownKeys.suggestion(definition, key).or(() -> knownKeys.suggestion(key));
        return "no fraudstream service declares '" + key + "'"
                + suggestion
                        .map(s -> " (did you mean '" + s + "', " + EnvironmentNames.variableFor(s) + "?)")
                        .orElse("");
    }

    private Map<String, Sourced> fromEnvironment() {
        Map<String, Sourced> out = new TreeMap<>();
        environment.forEach((variable, value) -> {
            if (!ignoredVariables.contains(variable)) {
                EnvironmentNames.keyFor(variable)
                        .ifPresent(
                                key -> out.put(key, new Sourced(value, "environment variable " + variable, variable)));
            }
        });
        return out;
    }

    /** Adds the local stack file's values under the explicit ones; returns a note for "missing key" errors. */
    private static Optional<String> applyLocalStackFile(ConfigDef definition, Map<String, Sourced> merged) {
        Sourced setting = merged.get(RuntimeConfig.LOCAL_STACK_FILE);
        if (setting == null
                || !definition.configKeys().containsKey(RuntimeConfig.LOCAL_STACK_FILE)
                || setting.value().isBlank()) {
            return Optional.of("or set " + RuntimeConfig.LOCAL_STACK_FILE
                    + " to the connection file of a stack started with " + "'./fraudstream local start'");
        }
        Path file = Path.of(setting.value().trim());
        if (!Files.isRegularFile(file)) {
            log.warn(
                    "{} {} (from {}) does not exist: is the local stack running? ('./fraudstream local start')",
                    RuntimeConfig.LOCAL_STACK_FILE,
                    file,
                    setting.source());
            return Optional.of("the " + RuntimeConfig.LOCAL_STACK_FILE + " " + file
                    + " does not exist: start the local stack " + "with './fraudstream local start'");
        }
        Map<String, String> stack = readProperties(file);
        for (String key : RuntimeConfig.LOCAL_STACK_KEYS) {
            if (stack.containsKey(key) && definition.configKeys().containsKey(key) && !merged.containsKey(key)) {
                merged.put(key, new Sourced(stack.get(key), "local stack file " + file));
            }
        }
        return Optional.of("the " + RuntimeConfig.LOCAL_STACK_FILE + " " + file + " does not provide it either");
    }

    private static Optional<String> validate(ConfigDef definition, String key, Sourced sourced) {
        ConfigDef.ConfigKey declared = definition.configKeys().get(key);
        if (declared == null) {
            return Optional.empty();
        }
        try {
            Object parsed = ConfigDef.parseType(key, sourced.value(), declared.type);
            if (declared.validator != null) {
                declared.validator.ensureValid(key, parsed);
            }
            return Optional.empty();
        } catch (ConfigException e) {
            if (declared.type == ConfigDef.Type.PASSWORD) {
                return Optional.of("invalid value (hidden) for " + key + ", from " + sourced.source());
            }
            return Optional.of(e.getMessage() + " (from " + sourced.source() + ")");
        }
    }

    private static String missing(String key, Optional<String> localStackNote) {
        String hint =
                "missing required configuration '" + key + "': set it in the properties file, as environment variable "
                        + EnvironmentNames.variableFor(key) + " or as an override";
        if (RuntimeConfig.LOCAL_STACK_KEYS.contains(key)) {
            hint += ", " + localStackNote.orElse("");
        }
        return hint;
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("properties file " + file + " does not exist or is not a regular file");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read properties file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        props.stringPropertyNames().forEach(name -> out.put(name.trim(), props.getProperty(name)));
        return out;
    }

    private record Sourced(String value, String source, String variable) {
        Sourced(String value, String source) {
            this(value, source, null);
        }
    }
}
