package io.urbanflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local PostgreSQL and S3 servers as {@code urbanflow postgres} and {@code urbanflow s3} run them. */
class LocalServersIT {
    @TempDir
    Path dir;

    @Test
    void postgres_keeps_its_port_password_and_data_across_restarts_and_refuses_a_wrong_password() throws Exception {
        String url;
        String password;
        try (LocalPostgres postgres = LocalPostgres.start(dir, 0)) {
            url = postgres.jdbcUrl();
            password = postgres.password();
            assertThat(postgres.port()).isNotEqualTo(5432);
            assertThat(Files.getPosixFilePermissions(postgres.credentialsFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(CredentialsFile.read(postgres.credentialsFile()))
                    .containsEntry("user", LocalPostgres.USER).containsEntry("password", password).containsEntry("url", url);
            try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, password);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (n int)");
                statement.execute("INSERT INTO kept VALUES (42)");
            }
        }
        try (LocalPostgres again = LocalPostgres.start(dir, 0)) {
            assertThat(again.jdbcUrl()).isEqualTo(url);
            assertThat(again.password()).isEqualTo(password);
            try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USER, password);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT n FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
            try {
                DriverManager.getConnection(url, LocalPostgres.USER, "not-the-password").close();
                throw new AssertionError("a wrong password was accepted");
            } catch (SQLException expected) {
                assertThat(expected.getMessage()).contains("password authentication failed");
            }
        }
    }

    @Test
    void s3_keeps_its_port_and_key_across_restarts_in_an_owner_only_file() throws Exception {
        Map<String, String> first;
        try (LocalS3 s3 = LocalS3.start(dir, 0, "bucket")) {
            assertThat(Files.getPosixFilePermissions(s3.credentialsFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            first = CredentialsFile.read(s3.credentialsFile());
            assertThat(first).containsEntry("endpoint", s3.endpoint().toString()).containsEntry("bucket", "bucket")
                    .containsEntry("access-key-id", s3.accessKeyId()).containsEntry("secret-access-key", s3.secretAccessKey());
            assertThat(dir.resolve("buckets").resolve("bucket")).isDirectory();
        }
        try (LocalS3 again = LocalS3.start(dir, 0, "bucket")) {
            assertThat(CredentialsFile.read(again.credentialsFile())).isEqualTo(first);
        }
    }
}
