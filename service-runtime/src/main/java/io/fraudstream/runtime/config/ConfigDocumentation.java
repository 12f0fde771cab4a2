package io.fraudstream.runtime.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/** Plain-text reference of a {@link ConfigDef}, for {@code --help-config}: every key with type, default, environment variable and documentation. */
public final class ConfigDocumentation {

    private ConfigDocumentation() {}

    /** Describes every key of {@code definition}, in declaration order, preceded by how sources combine. */
    public static String describe(ConfigDef definition) {
        StringBuilder out = new StringBuilder()
                .append("Configuration keys. Sources, lowest precedence first: defaults, ")
                .append(RuntimeConfig.LOCAL_STACK_FILE)
                .append(" (connection keys only), the properties file, ")
                .append("environment variables (")
                .append(EnvironmentNames.PREFIX)
                .append("<KEY>, '.' as '_', '_' as '__'), overrides.\n")
                .append("Kafka client settings pass through under ")
                .append(RuntimeConfig.PASS_THROUGH_PREFIXES)
                .append(
                        " (prefix stripped; kafka.* for every client); any other undeclared key in the properties file or an ")
                .append(
                        "override is an error, and an environment variable for one is ignored (with a warning unless another ")
                .append("service declares the key).\n");
        for (ConfigDef.ConfigKey key : definition.configKeys().values()) {
            out.append('\n')
                    .append(key.name)
                    .append('\n')
                    .append("    type: ")
                    .append(key.type.name().toLowerCase(Locale.ROOT))
                    .append("    default: ")
                    .append(defaultOf(key))
                    .append(key.validator == null ? "" : "    valid: " + key.validator)
                    .append('\n')
                    .append("    env: ")
                    .append(EnvironmentNames.variableFor(key.name))
                    .append('\n')
                    .append(wrap(key.documentation, "    ", 100));
        }
        return out.toString();
    }

    /**
     * The keys of {@code definition} whose validator does not describe itself: its {@code toString()} is
     * {@link Object#toString()}'s class name and hash (a plain lambda or an anonymous class), useless to a reader.
     */
    public static List<String> undescribedValidators(ConfigDef definition) {
        return definition.configKeys().values().stream()
                .filter(k -> k.validator != null && isClassName(String.valueOf(k.validator), k.validator))
                .map(k -> k.name)
                .toList();
    }

    private static boolean isClassName(String printed, Object validator) {
        return printed.equals(validator.getClass().getName() + "@" + Integer.toHexString(validator.hashCode()))
                || printed.contains("$$Lambda")
                || printed.startsWith(validator.getClass().getName());
    }

    private static String defaultOf(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "(unset)";
        }
        if (key.defaultValue instanceof Password) {
            return "(hidden)";
        }
        if (key.defaultValue instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(key.defaultValue);
    }

    private static String wrap(String text, String indent, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        for (String word : (text == null ? "" : text).trim().split("\\s+")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }
}
