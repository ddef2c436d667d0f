package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settling floor on the embedded default (H2): what it writes, what it checks, what it leaves behind. */
class SettlementFloorBenchTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldWriteFourRowsPerTaskInEveryFormH2TakesAndLeaveNoTableBehind() throws Exception {
        StoreConfig config = StoreConfig.h2(dataDir);
        for (SettlementFloorBench.Form form : List.of(SettlementFloorBench.Form.BATCH, SettlementFloorBench.Form.MULTIROW,
            SettlementFloorBench.Form.UNNEST)) {
            for (int writers : new int[] {2, 4}) {
                List<String> log = new ArrayList<>();
                // 1,234 tasks in chunks of 333: a short last chunk, and multi-row statements shorter than 500 rows.
                SettlementFloorBench.Result result = SettlementFloorBench.run(config, 1_234, form, writers, 333, 100, log::add);
                assertThat(result.tasks()).isEqualTo(1_234);
                assertThat(result.form()).isEqualTo(form);
                assertThat(result.writerSeconds()).hasSize(writers).allSatisfy(s -> assertThat(s).isPositive()
                    .isLessThanOrEqualTo(result.seconds()));
                assertThat(result.throughput()).isEqualTo(1_234 / result.seconds());
                assertThat(log).anySatisfy(line -> assertThat(line).startsWith("measuring: 1234 tasks x 4 row writes, " + form));
            }
        }
        assertThat(floorTables(config)).as("scratch tables dropped").isZero();
    }

    @Test
    void shouldRefuseWhatItCannotMeasure() {
        StoreConfig config = StoreConfig.h2(dataDir);
        assertThatThrownBy(() -> SettlementFloorBench.run(config, 10, SettlementFloorBench.Form.COPY, 2, 10, 100, line -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COPY is PostgreSQL's");
        assertThatThrownBy(() -> SettlementFloorBench.run(config, 10, SettlementFloorBench.Form.BATCH, 3, 10, 100, line -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writers : 3");
        assertThatThrownBy(() -> SettlementFloorBench.run(config, 10, SettlementFloorBench.Form.BATCH, 2, 11, 100, line -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunk : 11");
        assertThatThrownBy(() -> SettlementFloorBench.run(config, 0, SettlementFloorBench.Form.BATCH, 2, 1, 100, line -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tasks : 0");
        assertThatThrownBy(() -> SettlementFloorBench.run(config, 10, SettlementFloorBench.Form.BATCH, 2, 10, 60, line -> { }))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fillfactor : 60");
        assertThat(SettlementFloorBench.fastestFor(config.url())).isEqualTo(SettlementFloorBench.Form.MULTIROW);
        assertThat(SettlementFloorBench.fastestFor("jdbc:postgresql://db/ludus")).isEqualTo(SettlementFloorBench.Form.COPY);
    }

    @Test
    void shouldNotPassAFloorThatWroteNothing() throws SQLException {
        StoreConfig config = StoreConfig.h2(dataDir);
        try (Connection connection = SettlementFloorBench.connect(config)) {
            SettlementFloorBench.create(connection, new String[] {"a", "b", "c"}, "");
            assertThatThrownBy(() -> SettlementFloorBench.check(connection, 3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the floor wrote 0 completed tasks, 0 notices for 0 players, 0 keys and 0 credited balances (expected: 3 of each)");
            SettlementFloorBench.drop(connection);
        }
    }

    static int floorTables(StoreConfig config) throws SQLException {
        try (Connection connection = SettlementFloorBench.connect(config);
             ResultSet rs = connection.getMetaData().getTables(null, null, "%", null)) {
            int count = 0;
            while (rs.next()) {
                count += rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT).startsWith("floor_") ? 1 : 0;
            }
            return count;
        }
    }
}
