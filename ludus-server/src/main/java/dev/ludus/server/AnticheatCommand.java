package dev.ludus.server;

import dev.ludus.sim.anticheat.DetectionMetrics;
import dev.ludus.sim.anticheat.MatchStats;
import dev.ludus.sim.anticheat.MatchStatsScorer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ludus anticheat}: the statistical cheat detector off line. */
@Command(name = "anticheat", mixinStandardHelpOptions = true,
    description = "The statistical cheat detector, off line.",
    subcommands = {AnticheatCommand.Score.class})
final class AnticheatCommand implements Runnable {
    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ludus anticheat score}: fit on the CS2CD calibration split, score every row, report. */
    @Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores every row of the CS2CD player-match statistics: a higher score",
            "means more likely a cheater. The scorer is fitted on the calibration split",
            "(even match numbers) only. AUC, precision and recall are printed for both",
            "splits: positives are labelled cheaters, negatives the players of matches",
            "with no cheater present; precision and recall use the threshold with the",
            "best F1 on the calibration split.",
            "Exit status: 0 done; 1 the output could not be written; 2 bad options, a",
            "missing file or a bad row (the message names its line and column)."})
    static final class Score implements Callable<Integer> {
        @Option(names = "--cs2cd", paramLabel = "FILE", required = true,
            description = "the CS2CD player-match CSV, e.g. ../shared/testdata/cs2cd/cs2cd_player_match_stats.csv")
        Path input;

        @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "the scores: a CSV with the header folder,match,player,score, one row per input row")
        Path output;

        @Override
        public Integer call() throws IOException {
            PrintStream err = System.err;
            if (!Files.isRegularFile(input)) {
                err.println("ludus anticheat score: --cs2cd " + input + ": no such file");
                return 2;
            }
            List<MatchStats> rows;
            try {
                rows = Cs2cdCsv.read(input);
            } catch (Cs2cdCsv.BadRowException e) {
                err.println("ludus anticheat score: " + input + " " + e.getMessage());
                return 2;
            }
            MatchStatsScorer scorer;
            try {
                scorer = MatchStatsScorer.fit(rows);
            } catch (IllegalArgumentException e) {
                err.println("ludus anticheat score: " + input + ": " + e.getMessage());
                return 2;
            }
            double[] scores = rows.stream().mapToDouble(scorer::score).toArray();
            Cs2cdCsv.write(output, rows, scores);
            report(System.out, rows, scores);
            System.out.println("wrote " + output + " (" + rows.size() + " rows)");
            return 0;
        }

        private static void report(PrintStream out, List<MatchStats> rows, double[] scores) {
            double threshold = threshold(rows, scores);
            out.printf(Locale.ROOT, "%d rows; threshold %.4f (best F1 on the calibration split)%n", rows.size(),
                threshold);
            out.printf(Locale.ROOT, "%-12s %6s %6s %6s %7s %9s %10s %7s%n", "split", "rows", "cheat", "clean",
                "AUC", "baseline", "precision", "recall");
            for (boolean calibration : new boolean[] {true, false}) {
                Split split = Split.of(rows, scores, calibration, MatchStatsScorer::baseline);
                DetectionMetrics.PrecisionRecall pr = DetectionMetrics.at(split.scores, split.positive, threshold);
                out.printf(Locale.ROOT, "%-12s %6d %6d %6d %7.4f %9.4f %10.4f %7.4f%n",
                    calibration ? "calibration" : "evaluation", split.scores.length, split.positives(),
                    split.scores.length - split.positives(), DetectionMetrics.auc(split.scores, split.positive),
                    DetectionMetrics.auc(split.baseline, split.positive), pr.precision(), pr.recall());
            }
            long unsure = 0;
            long unsureAbove = 0;
            for (int i = 0; i < scores.length; i++) {
                if (!rows.get(i).trustworthyLabel()) {
                    unsure++;
                    unsureAbove += scores[i] >= threshold ? 1 : 0;
                }
            }
            out.printf(Locale.ROOT, "label-0 rows in matches with a cheater (left out above): %d, %d at or above "
                + "the threshold%n", unsure, unsureAbove);
        }

        private static double threshold(List<MatchStats> rows, double[] scores) {
            Split calibration = Split.of(rows, scores, true, r -> 0);
            return DetectionMetrics.bestF1Threshold(calibration.scores, calibration.positive);
        }
    }

    /** The rows of one split with a trustworthy label: scores, baseline scores, labels. */
    private record Split(double[] scores, double[] baseline, boolean[] positive) {
        static Split of(List<MatchStats> rows, double[] scores, boolean calibration,
                        ToDoubleFunction<MatchStats> baselineScore) {
            int[] picked = java.util.stream.IntStream.range(0, rows.size())
                .filter(i -> rows.get(i).calibration() == calibration && rows.get(i).trustworthyLabel())
                .toArray();
            double[] s = new double[picked.length];
            double[] b = new double[picked.length];
            boolean[] y = new boolean[picked.length];
            for (int i = 0; i < picked.length; i++) {
                MatchStats row = rows.get(picked[i]);
                s[i] = scores[picked[i]];
                b[i] = baselineScore.applyAsDouble(row);
                y[i] = row.labelledCheater();
            }
            return new Split(s, b, y);
        }

        int positives() {
            int count = 0;
            for (boolean p : positive) {
                count += p ? 1 : 0;
            }
            return count;
        }
    }
}
