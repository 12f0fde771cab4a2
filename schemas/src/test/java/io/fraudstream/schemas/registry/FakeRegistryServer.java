package io.fraudstream.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted HTTP peer standing in for a schema registry in unit tests: answers {@code METHOD path} with canned
 * responses (in order; the last one repeats) and records every request. Binds an ephemeral port on 127.0.0.1.
 * Unscripted requests get a 404 with a registry-style error body.
 */
public final class FakeRegistryServer implements AutoCloseable {

    /** One request as received. */
    public record Request(String method, String path, String contentType, String body) {}

    private record Response(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Response>> script = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeRegistryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URL, for example {@code http://127.0.0.1:34567}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Scripts the next answer to {@code method path} (path with query, as sent). */
    public FakeRegistryServer on(String method, String path, int status, String body) {
        script.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addLast(new Response(status, body));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(
                exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
        Response response = next(exchange.getRequestMethod() + " " + path);
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Response next(String key) {
        Deque<Response> answers = script.get(key);
        if (answers == null || answers.isEmpty()) {
            return new Response(404, "{\"error_code\":40400,\"message\":\"not scripted: " + key + "\"}");
        }
        synchronized (answers) {
            return answers.size() > 1 ? answers.removeFirst() : answers.peekFirst();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
