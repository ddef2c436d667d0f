package dev.ludus.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Many rows in one statement: each column's values bound as one array parameter and turned back into rows with the
 * standard {@code UNNEST}, for {@code INSERT ... SELECT} and {@code MERGE ... USING}. Both H2 2 and PostgreSQL 15 or
 * newer run the same text. One statement per batch instead of one per row: on PostgreSQL the server parses, plans and
 * executes once per batch ({@code ludus activity floor}'s 400,000 rows: 3.9 s as JDBC batches of one-row statements,
 * 2.2 s this way, 1.8 s with V202's fill factor; on H2 about the same either way; benchmarks §16).
 *
 * <p>A builder of one statement's columns: add the columns in order, add each row's values, then {@link #bind} them.
 * Not thread-safe.
 */
final class Unnest {
    private final List<String> names = new ArrayList<>();
    private final List<String> sqlTypes = new ArrayList<>();
    private final List<String> arrayTypes = new ArrayList<>();
    private final List<List<Object>> values = new ArrayList<>();
    private int rows;

    /**
     * @param name    the column's name in the rows ({@code v.name})
     * @param sqlType its SQL type: {@code VARCHAR(n)}, {@code BIGINT}, {@code INTEGER}, {@code DOUBLE PRECISION} or
     *                {@code BOOLEAN}
     * @return this
     * @throws IllegalArgumentException for another type
     */
    Unnest column(String name, String sqlType) {
        String elementType = elementType(sqlType);
        names.add(name);
        sqlTypes.add(sqlType);
        arrayTypes.add(elementType);
        values.add(new ArrayList<>());
        return this;
    }

    /** The element type {@link Connection#createArrayOf} takes for a SQL type, on both databases (PostgreSQL's names). */
    private static String elementType(String sqlType) {
        if (sqlType.startsWith("VARCHAR")) {
            return "varchar";
        }
        return switch (sqlType) {
            case "BIGINT" -> "int8";
            case "INTEGER" -> "int4";
            case "DOUBLE PRECISION" -> "float8";
            case "BOOLEAN" -> "bool";
            default -> throw new IllegalArgumentException("sqlType : " + sqlType
                + " (expected: VARCHAR(n), BIGINT, INTEGER, DOUBLE PRECISION or BOOLEAN)");
        };
    }

    /**
     * Adds one row.
     *
     * @param row one value per column, in the columns' order (boxed; never null: the columns are NOT NULL)
     * @throws IllegalArgumentException when the row has another number of values
     */
    void row(Object... row) {
        if (row.length != names.size()) {
            throw new IllegalArgumentException("row of " + row.length + " values (expected: " + names.size() + ")");
        }
        for (int i = 0; i < row.length; i++) {
            values.get(i).add(row[i]);
        }
        rows++;
    }

    /** @return the column names, comma-separated, in order */
    String columnList() {
        return String.join(", ", names);
    }

    /** @return rows added */
    int rows() {
        return rows;
    }

    /** @return {@code (SELECT * FROM UNNEST(CAST(? AS type ARRAY), ...) AS u (name, ...)) AS v}: the rows, as a table named v */
    String rowsSql() {
        StringJoiner arrays = new StringJoiner(", ");
        for (String type : sqlTypes) {
            arrays.add("CAST(? AS " + type + " ARRAY)");
        }
        return "(SELECT * FROM UNNEST(" + arrays + ") AS u (" + String.join(", ", names) + ")) AS v";
    }

    /**
     * Binds each column's values as one array, parameters {@code 1..columns}.
     *
     * @param connection the connection the statement belongs to
     * @param statement  a statement made from {@link #rowsSql()}
     * @throws SQLException when the driver refuses an array
     */
    void bind(Connection connection, PreparedStatement statement) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            statement.setArray(i + 1, connection.createArrayOf(arrayTypes.get(i), values.get(i).toArray()));
        }
    }
}
