package io.fraudstream.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistry} in memory, for serde unit tests: ids are global (the same schema gets the same id under
 * any subject), unknown ids and subjects fail with HTTP 404 like the real registry, and every call is counted.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> subjects = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicInteger registerCalls = new AtomicInteger();
    private final AtomicInteger idForCalls = new AtomicInteger();
    private final AtomicInteger getByIdCalls = new AtomicInteger();
    private volatile SchemaRegistryException outage;

    /** Registers {@code schema} under {@code subject} with a fixed id (as if another producer had). */
    public synchronized InMemorySchemaRegistry put(int id, String subject, Schema schema) {
        byId.put(id, schema);
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        nextId.set(Math.max(nextId.get(), id + 1));
        return this;
    }

    /** From now on every call fails with {@code failure} (null heals the outage). */
    public void failWith(SchemaRegistryException failure) {
        this.outage = failure;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        registerCalls.incrementAndGet();
        failIfDown();
        Integer id = findId(schema);
        if (id == null) {
            id = nextId.getAndIncrement();
            byId.put(id, schema);
        }
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized int idFor(String subject, Schema schema) {
        idForCalls.incrementAndGet();
        failIfDown();
        List<Integer> versions = subjects.get(subject);
        if (versions == null) {
            throw notFound("/subjects/" + subject, 40401, "Subject '" + subject + "' not found.");
        }
        return versions.stream()
                .filter(id -> byId.get(id).equals(schema))
                .findFirst()
                .orElseThrow(() -> notFound("/subjects/" + subject, 40403, "Schema not found"));
    }

    @Override
    public Schema getById(int id) {
        getByIdCalls.incrementAndGet();
        failIfDown();
        Schema schema = byId.get(id);
        if (schema == null) {
            throw notFound("/schemas/ids/" + id, 40403, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        failIfDown();
        List<Integer> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw notFound("/subjects/" + subject + "/versions/latest", 40401, "Subject '" + subject + "' not found.");
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), byId.get(id));
    }

    public int registerCalls() {
        return registerCalls.get();
    }

    public int idForCalls() {
        return idForCalls.get();
    }

    public int getByIdCalls() {
        return getByIdCalls.get();
    }

    private Integer findId(Schema schema) {
        return byId.entrySet().stream()
                .filter(e -> e.getValue().equals(schema))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private void failIfDown() {
        SchemaRegistryException failure = outage;
        if (failure != null) {
            throw failure;
        }
    }

    private static SchemaRegistryException notFound(String path, int code, String message) {
        String url = "mem://registry" + path;
        return new SchemaRegistryException(
                "GET " + url + ": HTTP 404, error_code " + code + ": " + message, url, 404, code, null);
    }
}
