package io.fraudstream.ingest.replay;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The rows of one SQL query over JDBC (PostgreSQL, H2 and any database with a JDBC 4 driver on the class path),
 * streamed with a fetch size so that a large result is not loaded at once by the driver (PostgreSQL streams only
 * outside auto-commit, so auto-commit is turned off; the query is read-only).
 *
 * <p>Values: SQL {@code TIMESTAMP} as {@link LocalDateTime} (interpreted in the mapping's time zone),
 * {@code TIMESTAMP WITH TIME ZONE} as {@link OffsetDateTime}, {@code NUMERIC/DECIMAL} as {@link BigDecimal},
 * integers as {@link Long}, booleans as {@code "true"/"false"}, everything else as {@link String}.
 */
public final class JdbcSource implements TabularSource {
    /** Rows fetched per round trip. */
    public static final int FETCH_SIZE = 10_000;

    private final String url;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rs;
    private final List<String> columns;
    private final int[] types;
    private long rowNumber;
    private Boolean hasNext;

    private JdbcSource(String url, Connection connection, Statement statement, ResultSet rs) throws SQLException {
        this.url = url;
        this.connection = connection;
        this.statement = statement;
        this.rs = rs;
        ResultSetMetaData md = rs.getMetaData();
        this.types = new int[md.getColumnCount()];
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= types.length; i++) {
            names.add(md.getColumnLabel(i));
            types[i - 1] = withTimeZone(md.getColumnTypeName(i)) ? Types.TIMESTAMP_WITH_TIMEZONE : md.getColumnType(i);
        }
        this.columns = List.copyOf(names);
    }

    /**
     * Connects and runs {@code query}.
     *
     * @param user     may be null (credentials in the URL, or none)
     * @param password may be null
     * @throws ReplaySourceException on any SQL error, with the URL (never the password)
     */
    public static JdbcSource open(String url, String user, String password, String query) {
        Connection c = null;
        try {
            c = DriverManager.getConnection(url, user, password);
            c.setReadOnly(true);
            c.setAutoCommit(false);
            Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            st.setFetchSize(FETCH_SIZE);
            return new JdbcSource(url, c, st, st.executeQuery(query));
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // reporting the first error
                }
            }
            throw new ReplaySourceException("JDBC query on " + redact(url) + " failed: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL reports timestamptz as Types.TIMESTAMP; its type name tells. */
    private static boolean withTimeZone(String typeName) {
        String t = typeName == null ? "" : typeName.toLowerCase(java.util.Locale.ROOT);
        return t.equals("timestamptz") || t.contains("with time zone");
    }

    /** The URL without a {@code password=} parameter. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public String describe() {
        return "jdbc:" + redact(url.startsWith("jdbc:") ? url.substring(5) : url);
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public boolean hasNext() {
        if (hasNext == null) {
            try {
                hasNext = rs.next();
            } catch (SQLException e) {
                throw new ReplaySourceException(
                        "JDBC read on " + redact(url) + " failed after row " + rowNumber + ": " + e.getMessage(), e);
            }
        }
        return hasNext;
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        hasNext = null;
        try {
            Object[] values = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                values[i] = read(i + 1, types[i]);
            }
            return new SourceRow(++rowNumber, values);
        } catch (SQLException e) {
            throw new ReplaySourceException(
                    "JDBC read on " + redact(url) + " failed at row " + (rowNumber + 1) + ": " + e.getMessage(), e);
        }
    }

    private Object read(int column, int type) throws SQLException {
        return switch (type) {
            case Types.TIMESTAMP -> rs.getObject(column, LocalDateTime.class);
            case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(column, OffsetDateTime.class);
            case Types.NUMERIC, Types.DECIMAL -> rs.getBigDecimal(column);
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                long v = rs.getLong(column);
                yield rs.wasNull() ? null : v;
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(column);
                yield rs.wasNull() ? null : Boolean.toString(v); // PostgreSQL's text form would be t/f
            }
            default -> rs.getString(column);
        };
    }

    @Override
    public void close() {
        try (connection;
                statement;
                rs) {
            connection.rollback();
        } catch (SQLException ignored) {
            // read-only: nothing to lose
        }
    }
}
