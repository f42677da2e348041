package io.urbanflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryResultFormatTest {
    private static final Map<String, Object> STRUCT = new LinkedHashMap<>(Map.of("a", 1));
    private static final QueryResult RESULT = new QueryResult(
            List.of("vehicle_id", "ts", "lat", "n", "note", "day", "tags", "extra"),
            List.of("VARCHAR", "TIMESTAMP WITH TIME ZONE", "DOUBLE", "BIGINT", "VARCHAR", "DATE", "VARCHAR[]", "STRUCT(a INTEGER)"),
            List.of(
                    Arrays.asList("156", Instant.parse("2014-02-01T07:00:03.250Z"), 41.8836, 12L, "plain", LocalDate.of(2014, 2, 1), List.of("x", "y"), STRUCT),
                    Arrays.asList("7", Instant.parse("2014-02-01T07:00:04Z"), 1.0E7, null, "a, \"quoted\"\nline", null, List.of(), null),
                    Arrays.asList("", null, Double.NaN, 3L, " padded", null, null, null)),
            false);

    @Test
    void csv_is_exactly_a_header_line_and_one_line_per_row_with_rfc4180_quoting() throws IOException {
        assertThat(write(QueryResultFormat.CSV, RESULT)).isEqualTo(
                "vehicle_id,ts,lat,n,note,day,tags,extra\n"
                + "156,2014-02-01T07:00:03.250Z,41.8836,12,plain,2014-02-01,\"[x, y]\",{a: 1}\n"
                + "7,2014-02-01T07:00:04Z,10000000,,\"a, \"\"quoted\"\"\nline\",,[],\n"
                + "\"\",,NaN,3,\" padded\",,,\n");
    }

    @Test
    void csv_of_no_rows_is_the_header_alone() throws IOException {
        QueryResult empty = new QueryResult(List.of("a", "b"), List.of("INTEGER", "VARCHAR"), List.of(), false);
        assertThat(write(QueryResultFormat.CSV, empty)).isEqualTo("a,b\n");
    }

    @Test
    void json_is_a_valid_array_of_objects_one_per_row() throws IOException {
        String text = write(QueryResultFormat.JSON, RESULT);
        JsonNode json = new ObjectMapper().readTree(text);
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(3);
        JsonNode first = json.get(0);
        assertThat(first.get("vehicle_id").asText()).isEqualTo("156");
        assertThat(first.get("ts").asText()).isEqualTo("2014-02-01T07:00:03.250Z");
        assertThat(first.get("lat").isNumber()).isTrue();
        assertThat(first.get("lat").decimalValue()).isEqualByComparingTo(new BigDecimal("41.8836"));
        assertThat(first.get("n").asLong()).isEqualTo(12);
        assertThat(first.get("tags").isArray()).isTrue();
        assertThat(first.get("extra").get("a").asInt()).isEqualTo(1);
        assertThat(json.get(1).get("n").isNull()).isTrue();
        assertThat(json.get(1).get("note").asText()).isEqualTo("a, \"quoted\"\nline");
        assertThat(json.get(2).get("lat").asText()).isEqualTo("NaN");
        assertThat(text.lines()).hasSize(5); // "[", three rows, "]"
        assertThat(new ObjectMapper().readTree(write(QueryResultFormat.JSON,
                new QueryResult(List.of("a"), List.of("INTEGER"), List.of(), false)))).isEmpty();
    }

    @Test
    void table_aligns_columns_right_aligns_numbers_and_counts_rows() throws IOException {
        QueryResult result = new QueryResult(List.of("vehicle_id", "points"), List.of("VARCHAR", "BIGINT"),
                List.of(List.of("156", 12L), Arrays.asList("a-long-vehicle", null)), false);
        assertThat(write(QueryResultFormat.TABLE, result)).isEqualTo(
                "vehicle_id     | points\n"
                + "---------------+-------\n"
                + "156            |     12\n"
                + "a-long-vehicle |   NULL\n"
                + "(2 rows)\n");
    }

    @Test
    void table_says_when_rows_were_cut_and_keeps_cells_on_one_line() throws IOException {
        QueryResult result = new QueryResult(List.of("text"), List.of("VARCHAR"),
                List.of(List.of("two\nlines"), List.of("x".repeat(100))), true);
        String text = write(QueryResultFormat.TABLE, result);
        assertThat(text).contains("two\\nlines").contains("x".repeat(59) + "…")
                .endsWith("(2 rows, cut at the row limit: more rows were not read)\n");
        assertThat(text.lines()).hasSize(5);
    }

    private static String write(QueryResultFormat format, QueryResult result) throws IOException {
        StringWriter out = new StringWriter();
        format.write(result, out);
        return out.toString();
    }
}
