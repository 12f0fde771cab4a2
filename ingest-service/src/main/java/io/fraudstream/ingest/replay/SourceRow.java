package io.fraudstream.ingest.replay;

import java.util.Objects;

/**
 * One row of a tabular source: its 1-based number among the data rows (the CSV header is not counted) and its
 * values by column position. Values are {@code String} for CSV; for JDBC whatever suits the column type
 * ({@code String}, {@code BigDecimal}, {@code Long}, {@code LocalDateTime}, {@code OffsetDateTime}), or null.
 *
 * @param rowNumber 1-based data row number, used in dead letters and error messages
 * @param values    the values, one per {@link TabularSource#columns()} entry
 */
public record SourceRow(long rowNumber, Object[] values) {
    public SourceRow {
        Objects.requireNonNull(values, "values");
    }

    /** The value at {@code index}, or null if the row is shorter. */
    public Object value(int index) {
        return index < values.length ? values[index] : null;
    }
}
