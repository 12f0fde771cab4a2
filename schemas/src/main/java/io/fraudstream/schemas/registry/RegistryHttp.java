package io.fraudstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraudstream.schemas.dlq.DeadLetters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * JSON over HTTP to a Confluent-protocol registry, with retries: connect/IO errors, HTTP 5xx and 429 are retried with
 * exponential backoff; other errors fail at once. Every failure becomes a {@link SchemaRegistryException}.
 */
final class RegistryHttp implements AutoCloseable {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private final String baseUrl;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final Sleeper sleeper;

    RegistryHttp(String baseUrl, Duration requestTimeout, RetryPolicy retry, Sleeper sleeper, ObjectMapper json) {
        this.baseUrl = stripTrailingSlash(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.sleeper = sleeper;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** GET {@code path} (relative to the base URL, starting with '/'). */
    JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** POST {@code body} as JSON to {@code path}. */
    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    /** PUT {@code body} as JSON to {@code path}. */
    JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    private JsonNode send(String method, String path, Object body) {
        String url = baseUrl + path;
        HttpRequest request = request(method, url, body);
        Exception lastFailure = null;
        SchemaRegistryException lastError = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (attempt > 1) {
                pause(method, url, attempt - 1);
            }
            try {
                HttpResponse<String> response =
                        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(method, url, status, response.body());
                }
                lastError = errorFor(method, url, status, response.body());
                lastFailure = null;
                if (!retriable(status)) {
                    throw lastError;
                }
            } catch (IOException e) {
                lastFailure = e;
                lastError = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(
                        method + " " + url + ": interrupted",
                        url,
                        SchemaRegistryException.NONE,
                        SchemaRegistryException.NONE,
                        e);
            }
        }
        if (lastError != null) {
            throw new SchemaRegistryException(
                    lastError.getMessage() + " (after " + retry.attempts() + " attempts)",
                    url,
                    lastError.httpStatus(),
                    lastError.errorCode(),
                    null);
        }
        String why = lastFailure == null ? "no attempt made" : DeadLetters.describe(lastFailure);
        throw new SchemaRegistryException(
                "schema registry at " + baseUrl + " unreachable after " + retry.attempts() + " attempts: " + method
                        + " " + url + ": " + why,
                url,
                SchemaRegistryException.NONE,
                SchemaRegistryException.NONE,
                lastFailure);
    }

    private HttpRequest request(String method, String url, Object body) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(
                    "invalid schema registry URL '" + url + "': " + e.getMessage(),
                    url,
                    SchemaRegistryException.NONE,
                    SchemaRegistryException.NONE,
                    e);
        }
        b.timeout(requestTimeout).header("Accept", ACCEPT);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(toJson(body)));
        }
        return b.build();
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write request body as JSON", e);
        }
    }

    private void pause(String method, String url, int retryNumber) {
        try {
            sleeper.sleep(retry.backoff(retryNumber));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(
                    method + " " + url + ": interrupted while waiting to retry",
                    url,
                    SchemaRegistryException.NONE,
                    SchemaRegistryException.NONE,
                    e);
        }
    }

    private static boolean retriable(int status) {
        return status >= 500 || status == 429;
    }

    private JsonNode parse(String method, String url, int status, String body) {
        if (body == null || body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    method + " " + url + ": HTTP " + status + " with a body that is not JSON: " + abbreviate(body),
                    url,
                    status,
                    SchemaRegistryException.NONE,
                    e);
        }
    }

    private SchemaRegistryException errorFor(String method, String url, int status, String body) {
        int errorCode = SchemaRegistryException.NONE;
        String message = abbreviate(body);
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node != null && node.isObject()) {
                if (node.hasNonNull("error_code")) {
                    errorCode = node.get("error_code").asInt(SchemaRegistryException.NONE);
                }
                if (node.hasNonNull("message")) {
                    message = node.get("message").asText();
                }
            }
        } catch (IOException notJson) {
            // keep the raw body as the message
        }
        String text = method + " " + url + ": HTTP " + status
                + (errorCode == SchemaRegistryException.NONE ? "" : ", error_code " + errorCode)
                + (message.isEmpty() ? "" : ": " + message);
        return new SchemaRegistryException(text, url, status, errorCode, null);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String trimmed = body.strip();
        return trimmed.length() <= MAX_BODY_IN_MESSAGE ? trimmed : trimmed.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private static String stripTrailingSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    @Override
    public void close() {
        http.close();
    }
}
