package io.fraudstream.ingest.replay;

import java.util.Iterator;
import java.util.List;

/**
 * Rows of historical transactions: a CSV file ({@link CsvSource}) or a JDBC query ({@link JdbcSource}). Rows come
 * in source order, which need not be event-time order. Close it to release the file or connection.
 */
public interface TabularSource extends AutoCloseable, Iterator<SourceRow> {

    /** Column names in position order (header of the file, labels of the result set). */
    List<String> columns();

    /** Where rows come from, without credentials, e.g. {@code csv:/data/tx.csv}; used as DLQ source. */
    String describe();

    /** A short name used to build default transaction ids ({@code <name>#<row>}), e.g. the file name. */
    String name();

    /** Releases the file or connection; never throws a checked exception. */
    @Override
    void close();
}
