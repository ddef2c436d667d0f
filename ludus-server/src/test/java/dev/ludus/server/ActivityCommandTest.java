package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ActivityCommandTest {
    private static String run(int expectedStatus, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = new CommandLine(new ActivityCommand()).execute(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(status).as(output).isEqualTo(expectedStatus);
        return output;
    }

    @Test
    void shouldSettleABurstOfTasksExactlyOnceOnH2() {
        String output = run(0, "bench", "--tasks", "300", "--settlement", "100");
        assertThat(output).contains("settled: 300 completed, 0 failed").contains("ledger: 3 settlements of at most 100 tasks")
            .contains("exactly once: 300 credits for 300 tasks (300 distinct keys) in 3 journal entries; 300 of 300 repeated credits "
                + "replayed; 0 tasks left active: OK").contains("audit: OK");
    }

    @Test
    void shouldCheckTheMeasuredBurstAloneAfterAWarmUpBurst() {
        String output = run(0, "bench", "--tasks", "300", "--settlement", "100", "--warmup", "200");
        assertThat(output).contains("warm-up: a burst of 200 tasks first")
            .contains("exactly once: 200 credits for 200 tasks (200 distinct keys) in 2 journal entries")
            .contains("measured burst:")
            .contains("exactly once: 300 credits for 300 tasks (300 distinct keys) in 3 journal entries; 300 of 300 repeated credits "
                + "replayed; 0 tasks left active: OK");
        run(2, "bench", "--tasks", "1", "--warmup", "-1");
    }

    @Test
    void shouldMeasureTheLaneAloneWithAnInMemoryLedger() {
        assertThat(run(0, "bench", "--tasks", "200", "--ledger", "memory")).contains("ledger: in memory").contains("OK");
        run(2, "bench", "--tasks", "1", "--ledger", "paper");
        run(2, "bench", "--tasks", "1", "--settlement", "5001");
        run(2, "bench", "--tasks", "1", "--in-flight", "0");
        assertThat(run(0)).contains("bench");
    }

    @Test
    void shouldMeasureTheFloorOfSettlingAndRefuseBadOptions() {
        String output = run(0, "floor", "--tasks", "600", "--chunk", "250", "--rounds", "2");
        assertThat(output).contains("round 1: 600 tasks x 4 rows in").contains("round 2: 600 tasks x 4 rows in")
            .contains("checked: every task completed, every notice and key once, every balance credited once")
            .containsPattern("floor: \\d+\\.\\d\\d s at best = \\d+ tasks/s \\(MULTIROW, 2 writers, fill factor 100\\)");
        run(2, "floor", "--tasks", "10", "--form", "copy");
        run(2, "floor", "--tasks", "10", "--form", "paper");
        run(2, "floor", "--tasks", "10", "--writers", "3");
        run(2, "floor", "--tasks", "10", "--fillfactor", "60");
        run(2, "floor", "--tasks", "10", "--rounds", "0");
    }

    @Test
    void shouldRefuseBadBenchOptionsWithStatus2BeforeOpeningADatabase() {
        run(2, "bench", "--tasks", "-1");
        run(2, "bench", "--tasks", "0");
        run(2, "bench", "--tasks", "2147483647");
        run(2, "bench", "--warmup", "-5");
    }

    @Test
    void shouldRefuseBadLedgerBenchOptionsWithStatus2() {
        for (String[] args : new String[][] {{"--rate", "0"}, {"--seconds", "0"}, {"--seconds", "-1"}, {"--clients", "0"},
            {"--rate", "1000000", "--seconds", "3000"}}) {
            String[] command = new String[args.length + 2];
            command[0] = "ledger";
            command[1] = "bench";
            System.arraycopy(args, 0, command, 2, args.length);
            assertThat(Ludus.run(command)).as(String.join(" ", args)).isEqualTo(2);
        }
    }
}
