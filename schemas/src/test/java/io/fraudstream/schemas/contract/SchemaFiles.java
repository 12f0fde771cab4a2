package io.fraudstream.schemas.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * Reads a directory of {@code .avsc} files (one named type per file, file named after the type) the way the Avro
 * compiler does: files that reference another file's type are parsed after it, with one parser.
 */
final class SchemaFiles {

    static final Path CURRENT = Path.of("src/main/avro");
    static final Path PREVIOUS = Path.of("src/test/resources/schemas/previous");
    static final String NAMESPACE = "io.fraudstream.schemas.avro";

    private SchemaFiles() {}

    /** Simple names of the types defined in {@code dir}, from the file names, sorted. */
    static List<String> names(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".avsc"))
                    .map(n -> n.substring(0, n.length() - ".avsc".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every schema in {@code dir} by simple name. */
    static Map<String, Schema> parseAll(Path dir) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String name : names(dir)) {
            texts.put(name, read(dir.resolve(name + ".avsc")));
        }
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> parsed = new LinkedHashMap<>();
        for (String name : dependencyOrder(texts)) {
            parsed.put(name, parser.parse(texts.get(name)));
        }
        return parsed;
    }

    private static List<String> dependencyOrder(Map<String, String> texts) {
        List<String> ordered = new ArrayList<>();
        for (String name : texts.keySet()) {
            visit(name, texts, ordered, new ArrayList<>());
        }
        return ordered;
    }

    private static void visit(String name, Map<String, String> texts, List<String> ordered, List<String> path) {
        if (ordered.contains(name)) {
            return;
        }
        if (path.contains(name)) {
            throw new IllegalStateException("cyclic schema references: " + path + " -> " + name);
        }
        path.add(name);
        for (String other : texts.keySet()) {
            if (!other.equals(name) && texts.get(name).contains("\"" + NAMESPACE + "." + other + "\"")) {
                visit(other, texts, ordered, path);
            }
        }
        path.remove(name);
        ordered.add(name);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
