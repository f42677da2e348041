package io.urbanflow.query.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * DuckDB's own parser, reached through {@code json_serialize_sql}: returns the parse tree of SELECT statements
 * as JSON without binding or running anything. Runs on a private in-memory database with file access disabled
 * and its configuration locked. Thread-safe (calls are serialised).
 */
public final class DuckDbParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DuckDbParser shared;

    private final Connection connection;

    private DuckDbParser(Connection connection) {
        this.connection = connection;
    }

    /** The process-wide parser, opened on first use. */
    public static synchronized DuckDbParser shared() {
        if (shared == null) {
            try {
                Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET enable_external_access = false");
                    statement.execute("SET lock_configuration = true");
                }
                shared = new DuckDbParser(connection);
            } catch (SQLException e) {
                throw new UrbanFlowException("Cannot start DuckDB to check a query: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    /**
     * The parse tree: {@code {"error": false, "statements": [...]}} for SELECT statements, or
     * {@code {"error": true, "error_type": "parser" | "not implemented", "error_message": ...}}.
     */
    public synchronized JsonNode parse(String sql) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            statement.setString(1, sql);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return JSON.readTree(result.getString(1));
            }
        } catch (SQLException | IOException e) {
            throw new UrbanFlowException("Cannot check query: " + e.getMessage(), e);
        }
    }
}
