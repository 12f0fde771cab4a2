package io.fraudstream.ingest.replay;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A CSV file (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) with a header row naming the
 * columns, read with Jackson's CSV parser, UTF-8. Empty lines are skipped; values are strings.
 */
public final class CsvSource implements TabularSource {
    private final Path file;
    private final Reader reader;
    private final MappingIterator<String[]> rows;
    private final List<String> columns;
    private long rowNumber;

    private CsvSource(Path file, Reader reader, MappingIterator<String[]> rows, List<String> columns) {
        this.file = file;
        this.reader = reader;
        this.rows = rows;
        this.columns = columns;
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @throws ReplaySourceException if the file cannot be read or has no header row
     */
    public static CsvSource open(Path file, char delimiter) {
        Reader reader = null;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            CsvMapper mapper = new CsvMapper();
            mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
            MappingIterator<String[]> it = mapper.readerFor(String[].class)
                    .with(CsvSchema.emptySchema().withColumnSeparator(delimiter))
                    .readValues(reader);
            if (!it.hasNextValue()) {
                throw new ReplaySourceException(
                        "CSV file " + file + " is empty: a header row naming the columns is required", null);
            }
            List<String> header =
                    Arrays.stream(it.nextValue()).map(String::trim).toList();
            return new CsvSource(file, reader, it, header);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader);
            if (e instanceof ReplaySourceException r) {
                throw r;
            }
            throw new ReplaySourceException("cannot read CSV file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public String describe() {
        return "csv:" + file.toAbsolutePath();
    }

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public boolean hasNext() {
        try {
            return rows.hasNextValue();
        } catch (IOException | RuntimeException e) {
            throw new ReplaySourceException(
                    "cannot read CSV file " + file + " after row " + rowNumber + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        try {
            return new SourceRow(++rowNumber, rows.nextValue());
        } catch (IOException | RuntimeException e) {
            throw new ReplaySourceException(
                    "cannot read CSV file " + file + " at row " + rowNumber + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            rows.close();
        } catch (IOException ignored) {
            // the reader is closed below
        }
        closeQuietly(reader);
    }

    private static void closeQuietly(Reader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
