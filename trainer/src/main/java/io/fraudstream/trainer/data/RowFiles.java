package io.fraudstream.trainer.data;

import io.fraudstream.features.FeatureSet;
import io.fraudstream.features.FeatureVector;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Labelled rows in a file, for offline work (notebooks, other tools, re-running the trainer without Kafka). The
 * format follows the extension:
 * <ul>
 *     <li>{@code .avro}: an Avro object container (deflate), records {@code LabelledRow} with {@code transactionId},
 *     {@code cardToken}, {@code eventTime} (timestamp-millis), {@code fraud} (boolean) and {@code features}
 *     (array of double, in the order of the file metadata {@value #NAMES_KEY}, comma-separated); the feature-set
 *     version is in {@value #VERSION_KEY}.</li>
 *     <li>{@code .csv}: a first line {@code # featureSetVersion=<version>}, a header
 *     {@code transactionId,cardToken,eventTime,fraud,<feature names...>} ({@code eventTime} in epoch milliseconds,
 *     {@code fraud} 0/1), then one line per row ({@code pandas.read_csv(path, comment='#')} reads it).</li>
 * </ul>
 * A file is only read back as the feature-set version and names it was written with.
 */
public final class RowFiles {

    /** Avro file metadata key holding the feature-set version. */
    public static final String VERSION_KEY = "fraudstream.featureSetVersion";
    /** Avro file metadata key holding the comma-separated feature names. */
    public static final String NAMES_KEY = "fraudstream.featureNames";

    private static final String CSV_VERSION_PREFIX = "# featureSetVersion=";
    private static final List<String> CSV_FIXED = List.of("transactionId", "cardToken", "eventTime", "fraud");

    static final Schema SCHEMA = SchemaBuilder.record("LabelledRow")
            .namespace("io.fraudstream.trainer")
            .doc("A featured transaction with its label, for offline training.")
            .fields()
            .requiredString("transactionId")
            .requiredString("cardToken")
            .name("eventTime")
            .type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
            .noDefault()
            .requiredBoolean("fraud")
            .name("features")
            .type()
            .array()
            .items()
            .doubleType()
            .noDefault()
            .endRecord();

    private RowFiles() {}

    /** Writes {@code data} to {@code file} in the format of its extension; returns the number of rows written. */
    public static long write(LabelledData data, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            return switch (format(file)) {
                case AVRO -> writeAvro(data, file);
                case CSV -> writeCsv(data, file);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /**
     * Reads the rows of {@code file} whose event time lies in {@code window}.
     *
     * @throws IllegalArgumentException if the file was written for another feature-set version or other names
     */
    public static LabelledData read(Path file, TimeWindow window) {
        try {
            List<LabelledRow> rows = new ArrayList<>();
            long[] outside = {0};
            java.util.function.Consumer<LabelledRow> sink = r -> {
                if (window.contains(r.eventTimeMs())) {
                    rows.add(r);
                } else {
                    outside[0]++;
                }
            };
            switch (format(file)) {
                case AVRO -> readAvro(file, sink);
                case CSV -> readCsv(file, sink);
            }
            long fraud = rows.stream().filter(LabelledRow::fraud).count();
            return new LabelledData(
                    FeatureSet.VERSION,
                    FeatureVector.featureNames(),
                    rows,
                    LoadStats.ofFile("file: " + file.toAbsolutePath(), rows.size() + outside[0], fraud, outside[0]));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private enum Format {
        AVRO,
        CSV
    }

    private static Format format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".avro")) {
            return Format.AVRO;
        }
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        throw new IllegalArgumentException("cannot tell the format of " + file + ": name it *.avro or *.csv");
    }

    private static long writeAvro(LabelledData data, Path file) throws IOException {
        try (DataFileWriter<GenericRecord> writer =
                new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
            writer.setCodec(CodecFactory.deflateCodec(3));
            writer.setMeta(VERSION_KEY, data.featureSetVersion());
            writer.setMeta(NAMES_KEY, String.join(",", data.featureNames()));
            writer.create(SCHEMA, file.toFile());
            GenericRecord record = new GenericData.Record(SCHEMA);
            for (LabelledRow r : data.rows()) {
                record.put("transactionId", r.transactionId());
                record.put("cardToken", r.cardToken());
                record.put("eventTime", r.eventTimeMs());
                record.put("fraud", r.fraud());
                List<Double> values = new ArrayList<>(r.features().length);
                for (double v : r.features()) {
                    values.add(v);
                }
                record.put("features", values);
                writer.append(record);
            }
        }
        return data.rows().size();
    }

    private static void readAvro(Path file, java.util.function.Consumer<LabelledRow> sink) throws IOException {
        try (DataFileReader<GenericRecord> reader =
                new DataFileReader<>(file.toFile(), new GenericDatumReader<>(SCHEMA))) {
            requireCurrent(
                    file,
                    reader.getMetaString(VERSION_KEY),
                    reader.getMetaString(NAMES_KEY) == null
                            ? List.of()
                            : Arrays.asList(reader.getMetaString(NAMES_KEY).split(",")));
            GenericRecord record = null;
            while (reader.hasNext()) {
                record = reader.next(record);
                @SuppressWarnings("unchecked")
                List<Double> values = (List<Double>) record.get("features");
                double[] features = new double[values.size()];
                for (int i = 0; i < features.length; i++) {
                    features[i] = values.get(i);
                }
                sink.accept(new LabelledRow(
                        record.get("transactionId").toString(),
                        record.get("cardToken").toString(),
                        (Long) record.get("eventTime"),
                        (Boolean) record.get("fraud"),
                        features));
            }
        }
    }

    private static long writeCsv(LabelledData data, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(CSV_VERSION_PREFIX + data.featureSetVersion());
            w.newLine();
            List<String> header = new ArrayList<>(CSV_FIXED);
            header.addAll(data.featureNames());
            w.write(String.join(",", header.stream().map(RowFiles::quote).toList()));
            w.newLine();
            StringBuilder line = new StringBuilder(512);
            for (LabelledRow r : data.rows()) {
                line.setLength(0);
                line.append(quote(r.transactionId()))
                        .append(',')
                        .append(quote(r.cardToken()))
                        .append(',')
                        .append(r.eventTimeMs())
                        .append(',')
                        .append(r.fraud() ? '1' : '0');
                for (double v : r.features()) {
                    line.append(',').append(v);
                }
                w.append(line);
                w.newLine();
            }
        }
        return data.rows().size();
    }

    private static void readCsv(Path file, java.util.function.Consumer<LabelledRow> sink) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null || !first.startsWith(CSV_VERSION_PREFIX)) {
                throw new IllegalArgumentException(
                        file + ": the first line must be '" + CSV_VERSION_PREFIX + "<version>'");
            }
            String headerLine = r.readLine();
            if (headerLine == null) {
                throw new IllegalArgumentException(file + ": no header line");
            }
            List<String> header = split(headerLine);
            if (!header.subList(0, Math.min(4, header.size())).equals(CSV_FIXED)) {
                throw new IllegalArgumentException(
                        file + ": the header must start with " + String.join(",", CSV_FIXED));
            }
            requireCurrent(file, first.substring(CSV_VERSION_PREFIX.length()).trim(), header.subList(4, header.size()));
            int width = header.size();
            String line;
            long lineNo = 2;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                if (cells.size() != width) {
                    throw new IllegalArgumentException(
                            file + " line " + lineNo + ": " + cells.size() + " cells, expected " + width);
                }
                double[] features = new double[width - 4];
                for (int i = 0; i < features.length; i++) {
                    features[i] = Double.parseDouble(cells.get(i + 4));
                }
                sink.accept(new LabelledRow(
                        cells.get(0), cells.get(1), Long.parseLong(cells.get(2)), "1".equals(cells.get(3)), features));
            }
        }
    }

    private static void requireCurrent(Path file, String version, List<String> names) {
        if (!FeatureSet.VERSION.equals(version)) {
            throw new IllegalArgumentException(file + " holds features of version " + version + ", this trainer reads "
                    + FeatureSet.VERSION + ": export the data again");
        }
        if (!FeatureVector.featureNames().equals(names)) {
            throw new IllegalArgumentException(
                    file + " has features " + names + ", expected " + FeatureVector.featureNames());
        }
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Splits one CSV line (RFC 4180 quoting, no line breaks inside cells). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
