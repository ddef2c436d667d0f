package dev.ludus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ludus.sim.anticheat.DetectionMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ludus anticheat score} on the real CS2CD file of {@code ../shared/testdata/cs2cd} (beside
 * the repository root), and on broken copies of it.
 */
class AnticheatCommandTest {
    private static final String HEADER = String.join(",", Cs2cdCsv.COLUMNS);
    private static final String GOOD_ROW = "no_cheater_present,0,de_inferno,7060,Player_10,0,3,3,1,13,4,3,306,20.24";
    private static final String BUSY_ROW = "no_cheater_present,0,de_inferno,7060,Player_1,0,10,5,10,100,30,10,3000,20.0";

    /** @return the dataset in the nearest ancestor of the working directory holding shared/testdata/cs2cd */
    static Path dataset() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/testdata/cs2cd/cs2cd_player_match_stats.csv");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("CS2CD data not found: no shared/testdata/cs2cd in " + start + " or any parent");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBuffer = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBuffer, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBuffer, true, StandardCharsets.UTF_8));
        Supplier<Integer> command = () -> Ludus.run(args);
        try {
            int exit = command.get();
            return new Run(exit, outBuffer.toString(StandardCharsets.UTF_8), errBuffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void shouldScoreEveryRowAndBeatTheBaselineOnTheEvaluationSplit(@TempDir Path dir) throws IOException {
        Path input = dataset();
        Path output = dir.resolve("scores/cs2cd_scores.csv");

        Run run = run("anticheat", "score", "--cs2cd", input.toString(), "--out", output.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> in = Files.readAllLines(input);
        List<String> out = Files.readAllLines(output);
        assertThat(out.getFirst()).isEqualTo("folder,match,player,score");
        assertThat(out).hasSameSizeAs(in);
        List<Double> evalScores = new ArrayList<>();
        List<Boolean> evalLabels = new ArrayList<>();
        for (int i = 1; i < in.size(); i++) {
            String[] source = in.get(i).split(",", -1);
            String[] scored = out.get(i).split(",", -1);
            assertThat(scored).as("line %d", i + 1).hasSize(4);
            assertThat(scored[0] + "," + scored[1] + "," + scored[2]).isEqualTo(source[0] + "," + source[1] + "," + source[4]);
            double score = Double.parseDouble(scored[3]);
            assertThat(score).isBetween(0.0, 1.0);
            boolean odd = Long.parseLong(source[1]) % 2 == 1;
            boolean trusted = source[5].equals("1") || source[0].equals("no_cheater_present");
            if (odd && trusted) {
                evalScores.add(score);
                evalLabels.add(source[5].equals("1"));
            }
        }
        double[] scores = evalScores.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] labels = new boolean[evalLabels.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = evalLabels.get(i);
        }
        assertThat(DetectionMetrics.auc(scores, labels)).as("evaluation AUC from the written file").isGreaterThanOrEqualTo(0.90);
        assertThat(run.out()).contains("calibration").contains("evaluation").contains("wrote " + output);
    }

    @Test
    void shouldExitTwoNamingLineAndColumnOfABadRow(@TempDir Path dir) throws IOException {
        List<String[]> cases = List.of(
            new String[] {GOOD_ROW.replace(",3,3,1,13,", ",3,x,1,13,"), "line 3, column hs_kills: \"x\" (expected: an integer)"},
            new String[] {GOOD_ROW.replace(",3,3,1,13,", ",3,3,-1,13,"), "line 3, column deaths: -1 (expected: >= 0)"},
            new String[] {GOOD_ROW.replace(",13,4,3,306,", ",13,4,5,306,"),
                "line 3, column head_hits_dealt: 5 (expected: <= hits_dealt 4)"},
            new String[] {GOOD_ROW.replace(",3,3,1,13,", ",2,3,1,13,"), "line 3, column hs_kills: 3 (expected: <= kills 2)"},
            new String[] {GOOD_ROW.replace(",306,20.24", ",306"), "line 3: 13 columns (expected: 14)"},
            new String[] {GOOD_ROW.replace(",Player_10,0,", ",Player_10,2,"),
                "line 3, column is_labelled_cheater: \"2\" (expected: 0 or 1)"},
            new String[] {GOOD_ROW.replace(",20.24", ",far"), "line 3, column mean_kill_distance: \"far\" (expected: a number or empty)"},
            new String[] {GOOD_ROW.replace(",20.24", ",-1"),
                "line 3, column mean_kill_distance: -1.0 (expected: >= 0 and finite, or empty)"});
        for (String[] c : cases) {
            Path input = Files.writeString(dir.resolve("bad.csv"), HEADER + "\n" + GOOD_ROW + "\n" + c[0] + "\n");
            Run run = run("anticheat", "score", "--cs2cd", input.toString(), "--out", dir.resolve("out.csv").toString());
            assertThat(run.exit()).as(c[0]).isEqualTo(2);
            assertThat(run.err()).as(c[0]).contains(c[1]);
        }
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void shouldExitTwoOnAWrongHeaderAnEmptyFileOrNoCalibrationCheaters(@TempDir Path dir) throws IOException {
        Path header = Files.writeString(dir.resolve("header.csv"), HEADER.replace("kills,hs_kills", "kills,headshots") + "\n");
        assertThat(run("anticheat", "score", "--cs2cd", header.toString(), "--out", dir.resolve("o.csv").toString()).err())
            .contains("line 1: header").contains("(expected: " + HEADER + ")");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Run emptyRun = run("anticheat", "score", "--cs2cd", empty.toString(), "--out", dir.resolve("o.csv").toString());
        assertThat(emptyRun.exit()).isEqualTo(2);
        assertThat(emptyRun.err()).contains("line 1: empty file");
        Path honestOnly = Files.writeString(dir.resolve("honest.csv"), HEADER + "\n" + GOOD_ROW + "\n\n");
        Run honestRun = run("anticheat", "score", "--cs2cd", honestOnly.toString(), "--out", dir.resolve("o.csv").toString());
        assertThat(honestRun.exit()).isEqualTo(2);
        assertThat(honestRun.err()).contains("calibration rows : 1 honest, 0 cheaters (expected: some of each)");
        Path unterminated = Files.writeString(dir.resolve("quote.csv"), HEADER + "\n\"no_cheater_present,0\n");
        Run quoteRun = run("anticheat", "score", "--cs2cd", unterminated.toString(), "--out", dir.resolve("o.csv").toString());
        assertThat(quoteRun.exit()).isEqualTo(2);
        assertThat(quoteRun.err()).contains("not CSV");
    }

    @Test
    void shouldExitTwoOnAMissingFileOrUnknownOptions(@TempDir Path dir) {
        Run missing = run("anticheat", "score", "--cs2cd", dir.resolve("nope.csv").toString(), "--out",
            dir.resolve("o.csv").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--cs2cd " + dir.resolve("nope.csv") + ": no such file");

        Run unknown = run("anticheat", "score", "--cs2cd", "x.csv", "--out", "o.csv", "--fast");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--fast'").contains("Usage:");

        Run noOut = run("anticheat", "score", "--cs2cd", "x.csv");
        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err()).contains("Missing required option: '--out=FILE'");
    }

    @Test
    void shouldExitOneWhenTheOutputCannotBeWritten(@TempDir Path dir) throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        Path input = Files.writeString(dir.resolve("in.csv"), HEADER + "\n" + BUSY_ROW + "\n"
            + BUSY_ROW.replace("no_cheater_present,0,", "with_cheater_present,2,").replace(",Player_1,0,", ",Player_1,1,") + "\n");
        Run run = run("anticheat", "score", "--cs2cd", input.toString(), "--out", blocker.resolve("out.csv").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("ludus: ");
    }

    @Test
    void shouldListTheScoreSubcommand() {
        Run run = run("anticheat");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("score");
    }
}
