package io.fraudstream.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A tiny JSON client for the ingest API in tests. */
final class HttpTestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> headers;

    HttpTestClient(int port, Map<String, String> headers) {
        this.base = "http://127.0.0.1:" + port;
        this.headers = headers;
    }

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String text() {
            return raw.body();
        }
    }

    Response post(String path, Object body) {
        try {
            return send(
                    path, body instanceof String s ? s : JSON.writeValueAsString(body), "application/json", headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    Response send(String path, String body, String contentType, Map<String, String> hdrs) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        hdrs.forEach(b::header);
        return execute(b.build());
    }

    Response get(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        headers.forEach(b::header);
        return execute(b.build());
    }

    private Response execute(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // metrics and the like
            }
            return new Response(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
