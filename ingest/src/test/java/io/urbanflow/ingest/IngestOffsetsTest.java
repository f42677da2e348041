package io.urbanflow.ingest;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestOffsetsTest {
    @TempDir
    Path dataDir;

    @Test
    void formats_partitions_in_order_and_parses_back() {
        String text = IngestOffsets.format(Map.of(2, 7L, 0, 1235L, 1, 1000L));
        assertThat(text).isEqualTo("0:1235,1:1000,2:7");
        assertThat(IngestOffsets.parse(text)).containsExactly(Map.entry(0, 1235L), Map.entry(1, 1000L), Map.entry(2, 7L));
        assertThat(IngestOffsets.parse("")).isEmpty();
        assertThat(IngestOffsets.summaryKey("gps.points")).isEqualTo("urbanflow.offsets.gps.points");
    }

    @Test
    void rejects_text_in_another_format() {
        assertThatThrownBy(() -> IngestOffsets.parse("0=12")).isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read stored Kafka offsets '0=12': expected partition:offset pairs");
    }

    @Test
    void an_offsets_commit_based_on_a_stale_read_is_refused_instead_of_putting_back_old_offsets() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table first = lake.create(IngestTables.rejected("raw.offsets_test"));
            Table second = lake.table("raw.offsets_test"); // another process's view, read before the commit
            assertThat(second.currentSnapshot()).isNull();
            first.newFastAppend().set(IngestOffsets.summaryKey("t"), "0:10").commit();

            assertThatThrownBy(() -> second.newFastAppend().set(IngestOffsets.summaryKey("t"), "1:5")
                    .validateWith(new IngestJob.ParentIs(null)).commit())
                    .isInstanceOf(org.apache.iceberg.exceptions.ValidationException.class);
            first.refresh();
            assertThat(IngestOffsets.committed(first, "t")).containsExactly(Map.entry(0, 10L));

            // the hazard it prevents: an unvalidated append re-reads the table and lands on top anyway
            second.newFastAppend().set(IngestOffsets.summaryKey("t"), "1:5").commit();
            first.refresh();
            assertThat(IngestOffsets.committed(first, "t")).containsExactly(Map.entry(1, 5L));
        }
    }

    @Test
    void walks_back_over_snapshots_without_offsets() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.create(IngestTables.rejected("raw.offsets_test"));
            assertThat(IngestOffsets.committed(table, "t")).isEmpty();
            table.newFastAppend().set(IngestOffsets.summaryKey("t"), "0:5").commit();
            table.newFastAppend().set("other", "x").commit(); // e.g. a maintenance commit
            table.refresh();
            assertThat(IngestOffsets.committed(table, "t")).containsExactly(Map.entry(0, 5L));
            assertThat(IngestOffsets.committed(table, "another-topic")).isEmpty();
        }
    }
}
