package dev.ludus.server;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ludus.sim.anticheat.MatchStats;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the CS2CD player-match CSV ({@code ../shared/testdata/cs2cd/cs2cd_player_match_stats.csv})
 * into {@link MatchStats} and writes scores, with Jackson's CSV module (RFC 4180 quoting).
 */
final class Cs2cdCsv {
    /** The input's columns, in order. */
    static final List<String> COLUMNS = List.of("folder", "match", "map", "avg_rank", "player", "is_labelled_cheater",
        "kills", "hs_kills", "deaths", "shots_fired", "hits_dealt", "head_hits_dealt", "dmg_health_dealt",
        "mean_kill_distance");
    /** The output's columns. */
    static final List<String> OUTPUT_COLUMNS = List.of("folder", "match", "player", "score");

    /** A row of the input cannot be used; the message names the line and the column. */
    static final class BadRowException extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        BadRowException(String message) {
            super(message);
        }
    }

    private Cs2cdCsv() {
    }

    /**
     * @param file the CSV, header first
     * @return its rows, in file order
     * @throws BadRowException at the first bad line: wrong header or column count, a number that
     *     does not parse, a count out of range
     * @throws IOException if the file cannot be read
     */
    static List<MatchStats> read(Path file) throws IOException, BadRowException {
        CsvMapper mapper = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();
        List<MatchStats> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<String[]> lines = mapper.readerFor(String[].class).readValues(reader)) {
            long line = 0;
            while (lines.hasNextValue()) {
                String[] cells = lines.nextValue();
                line++;
                if (line == 1) {
                    if (!List.of(cells).equals(COLUMNS)) {
                        throw new BadRowException("line 1: header " + String.join(",", cells) + " (expected: "
                            + String.join(",", COLUMNS) + ")");
                    }
                } else if (!(cells.length == 1 && cells[0].isEmpty())) {
                    rows.add(parse(cells, line));
                }
            }
            if (line == 0) {
                throw new BadRowException("line 1: empty file (expected: the header "
                    + String.join(",", COLUMNS) + ")");
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BadRowException("line " + e.getLocation().getLineNr() + ": not CSV: " + e.getOriginalMessage());
        }
        return rows;
    }

    private static MatchStats parse(String[] cells, long line) throws BadRowException {
        if (cells.length != COLUMNS.size()) {
            throw new BadRowException("line " + line + ": " + cells.length + " columns (expected: " + COLUMNS.size() + ")");
        }
        String label = cells[5];
        if (!label.equals("0") && !label.equals("1")) {
            throw new BadRowException("line " + line + ", column is_labelled_cheater: \"" + label + "\" (expected: 0 or 1)");
        }
        String distance = cells[13];
        double meanKillDistance;
        try {
            meanKillDistance = distance.isEmpty() ? Double.NaN : Double.parseDouble(distance);
        } catch (NumberFormatException e) {
            throw new BadRowException("line " + line + ", column mean_kill_distance: \"" + distance
                + "\" (expected: a number or empty)");
        }
        try {
            return new MatchStats(cells[0], count(cells, 1, line), cells[3], cells[4], label.equals("1"),
                count(cells, 6, line), count(cells, 7, line), count(cells, 8, line), count(cells, 9, line),
                count(cells, 10, line), count(cells, 11, line), count(cells, 12, line), meanKillDistance);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int separator = message.indexOf(" : ");
            throw new BadRowException("line " + line + ", column " + message.substring(0, separator) + ":"
                + message.substring(separator + 2));
        }
    }

    private static long count(String[] cells, int column, long line) throws BadRowException {
        try {
            return Long.parseLong(cells[column]);
        } catch (NumberFormatException e) {
            throw new BadRowException("line " + line + ", column " + COLUMNS.get(column) + ": \"" + cells[column]
                + "\" (expected: an integer)");
        }
    }

    /**
     * @param file the output, replaced if present; its parent directory is created
     * @param rows the rows scored
     * @param scores one score per row
     * @throws IOException if it cannot be written
     */
    static void write(Path file, List<MatchStats> rows, double[] scores) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        CsvMapper mapper = CsvMapper.builder().disable(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS).build();
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        OUTPUT_COLUMNS.forEach(schema::addColumn);
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             var out = mapper.writer(schema.build()).writeValues(writer)) {
            for (int i = 0; i < rows.size(); i++) {
                MatchStats row = rows.get(i);
                out.write(new String[] {row.folder(), Long.toString(row.match()), row.player(),
                    String.format(Locale.ROOT, "%.9f", scores[i])});
            }
        }
    }
}
