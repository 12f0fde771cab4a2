package io.fraudstream.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Validators for {@link ConfigDef} keys that Kafka does not ship: optional keys and URLs.
 *
 * <p>Every validator describes itself: {@code --help-config} prints its {@code toString()} as the key's valid values,
 * so a plain lambda (which prints as a class name) is never a validator; wrap the check in
 * {@link #describedAs(String, Check)}.
 * {@link ConfigDocumentation#undescribedValidators(ConfigDef)} finds the ones that do not.
 */
public final class Validators {

    private Validators() {}

    /** A check of one value; throws {@link ConfigException} naming the key when the value is invalid. */
    @FunctionalInterface
    public interface Check {
        void ensureValid(String name, Object value);
    }

    /** {@code check}, printed in {@code --help-config} as {@code description} (e.g. {@code "a score in [0, 1]"}). */
    public static ConfigDef.Validator describedAs(String description, Check check) {
        java.util.Objects.requireNonNull(description, "description");
        java.util.Objects.requireNonNull(check, "check");
        return ConfigDef.LambdaValidator.with(check::ensureValid, () -> description);
    }

    /** Accepts {@code null} (key not set), otherwise delegates to {@code validator}. */
    public static ConfigDef.Validator nullOr(ConfigDef.Validator validator) {
        return ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    if (value != null) {
                        validator.ensureValid(name, value);
                    }
                },
                () -> "unset, or " + validator);
    }

    /** A string with at least one non-blank character. */
    public static ConfigDef.Validator nonBlank() {
        return ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    if (value == null || value.toString().isBlank()) {
                        throw new ConfigException(name, value, "must not be blank");
                    }
                },
                () -> "non-blank string");
    }

    /** A list with at least one non-blank element. */
    public static ConfigDef.Validator nonEmptyList() {
        return ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    if (!(value instanceof List<?> list)
                            || list.isEmpty()
                            || list.stream()
                                    .anyMatch(e -> e == null || e.toString().isBlank())) {
                        throw new ConfigException(
                                name, value, "must be a non-empty comma-separated list without blank entries");
                    }
                },
                () -> "non-empty list");
    }

    /** An absolute {@code http} or {@code https} URL with a host. */
    public static ConfigDef.Validator httpUrl() {
        return ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    try {
                        URI uri = new URI(String.valueOf(value).trim());
                        if (uri.getScheme() == null
                                || !(uri.getScheme().equals("http")
                                        || uri.getScheme().equals("https"))
                                || uri.getHost() == null) {
                            throw new ConfigException(
                                    name, value, "must be an absolute http:// or https:// URL with a host");
                        }
                    } catch (URISyntaxException e) {
                        throw new ConfigException(name, value, "not a URL: " + e.getMessage());
                    }
                },
                () -> "http(s) URL");
    }

    /**
     * A service name: lower-case letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit
     * (usable as a Kafka Streams {@code application.id} and a metric tag).
     */
    public static ConfigDef.Validator serviceName() {
        return ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    if (value == null || !value.toString().matches("[a-z0-9][a-z0-9._-]{0,248}")) {
                        throw new ConfigException(
                                name,
                                value,
                                "must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
                    }
                },
                () -> "[a-z0-9][a-z0-9._-]*");
    }
}
