package io.urbanflow.orchestration.history;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    @TempDir
    Path dir;

    @Test
    void the_history_lives_in_the_sqlite_catalog_beside_iceberg_s_tables() throws Exception {
        LakeConfig config = LakeConfig.defaults(dir);
        Lake.open(config).close(); // Iceberg's tables first: Flyway starts its history beside them
        RunHistoryContract.check(config);
    }
}
