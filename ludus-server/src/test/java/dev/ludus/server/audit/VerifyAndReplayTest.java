package dev.ludus.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.server.Ludus;
import dev.ludus.server.simulate.SimulateConfig;
import dev.ludus.server.simulate.SimulationReport;
import dev.ludus.server.simulate.SimulationRun;
import dev.ludus.sim.audit.TreeHeadSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ludus verify} and {@code ludus replay} on the log of a real headless run with players
 * moving: the untouched log passes both; every kind of tampering is caught with exit status 1 and
 * the line where it happened.
 */
class VerifyAndReplayTest {
    @TempDir
    static Path shared;
    private static Path log;
    private static Path publicKey;
    private static List<String> lines;

    @TempDir
    Path dir;

    @BeforeAll
    static void recordARun() throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        SimulationReport report = new SimulationRun(SimulateConfig.of(40, 400, 90, 0, 7, 1, "hotspot", 1500,
            shared.resolve("report.json")), AuditSettings.in(shared.resolve("audit")), quiet, quiet).run();
        log = Path.of(report.audit().path());
        publicKey = shared.resolve("audit").resolve(ServerKeyStore.PUBLIC_FILE);
        lines = LogForger.lines(log);
        assertThat(report.audit().signedHeads()).isEqualTo(5);   // 90 ticks: after ticks 19, 39, 59, 79, and the final one
        assertThat(lines.stream().filter(line -> line.contains("\"kind\":\"move\"")).count()).isGreaterThan(20);
    }

    /** Runs a command, returns {exit status, stdout + stderr}. */
    private static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int exit = Ludus.run(args);
            return new Object[] {exit, buffer.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path tampered(List<String> edited) throws IOException {
        return LogForger.write(dir.resolve("tampered.ludlog"), edited);
    }

    private static void assertVerifyFails(Path file, String expected, String... extra) {
        List<String> args = new ArrayList<>(List.of("verify", file.toString()));
        args.addAll(List.of(extra));
        Object[] result = run(args.toArray(new String[0]));
        assertThat(result[0]).as(String.valueOf(result[1])).isEqualTo(1);
        assertThat((String) result[1]).contains("verify: FAILED").contains(expected);
    }

    private static int firstLineIndex(String fragment, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + fragment);
    }

    private static int headIndex(int nth) {
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (LogForger.isHead(lines.get(i)) && seen++ == nth) {
                return i;
            }
        }
        throw new AssertionError("no head " + nth);
    }

    @Test
    void shouldAcceptTheUntouchedLogWithAndWithoutAPinnedKey() {
        Object[] plain = run("verify", log.toString());
        Object[] pinned = run("verify", log.toString(), "--public-key", publicKey.toString());

        assertThat(plain[0]).as(String.valueOf(plain[1])).isEqualTo(0);
        assertThat((String) plain[1]).contains("verify: OK", "90 ticks", "5 signed heads", "ended: closed",
            "from the log's header");
        assertThat(pinned[0]).isEqualTo(0);
        assertThat((String) pinned[1]).contains("pinned with --public-key", "inclusion proofs checked: " + (lines.size() - 5));
    }

    @Test
    void shouldNameTheLineWhereOneByteOfAnInputChanged() throws IOException {
        int index = firstLineIndex("\"kind\":\"move\"", 1);
        String line = lines.get(index);
        int digit = line.indexOf("\"seq\":") + 6;
        List<String> edited = new ArrayList<>(lines);
        edited.set(index, line.substring(0, digit) + (char) (line.charAt(digit) == '9' ? '8' : line.charAt(digit) + 1)
            + line.substring(digit + 1));

        assertVerifyFails(tampered(edited), "line " + (index + 1) + ": entry_mismatch");
    }

    @Test
    void shouldNameTheLineWhereAnEntryWasDeleted() throws IOException {
        int index = firstLineIndex("\"type\":\"cmd\"", 1);
        List<String> edited = new ArrayList<>(lines);
        edited.remove(index);

        assertVerifyFails(tampered(edited), "line " + (index + 1) + ": entry_mismatch");
    }

    @Test
    void shouldNameTheFirstOfTwoSwappedEntries() throws IOException {
        int index = firstLineIndex("\"type\":\"cmd\"", headIndex(1));
        List<String> edited = new ArrayList<>(lines);
        edited.set(index, lines.get(index + 1));
        edited.set(index + 1, lines.get(index));

        assertVerifyFails(tampered(edited), "line " + (index + 1) + ": entry_mismatch");
    }

    @Test
    void shouldNameTheTickWhoseStateHashChanged() throws IOException {
        int index = firstLineIndex("\"tick\":42,\"timeMs\"", 1);
        List<String> edited = new ArrayList<>(lines);
        edited.set(index, lines.get(index).replaceFirst("\"stateHash\":\"[0-9a-f]", "\"stateHash\":\"x")
            .replace("\"stateHash\":\"x", "\"stateHash\":\"" + (lines.get(index).contains("\"stateHash\":\"0") ? "1" : "0")));

        assertVerifyFails(tampered(edited), "line " + (index + 1) + ": entry_mismatch");
    }

    @Test
    void shouldNameAHeadWhoseRootOrSignatureWasReplaced() throws IOException {
        int index = headIndex(2);
        Matcher root = Pattern.compile("\"root\":\"([0-9a-f]{64})\"").matcher(lines.get(index));
        assertThat(root.find()).isTrue();
        String otherRoot = new StringBuilder(root.group(1)).reverse().toString();
        List<String> rootChanged = new ArrayList<>(lines);
        rootChanged.set(index, lines.get(index).replace(root.group(1), otherRoot));
        assertVerifyFails(tampered(rootChanged), "line " + (index + 1) + ": bad_signature");

        Matcher signature = Pattern.compile("\"signature\":\"([0-9a-f]{128})\"").matcher(lines.get(headIndex(1)));
        assertThat(signature.find()).isTrue();
        List<String> signatureSwapped = new ArrayList<>(lines);
        signatureSwapped.set(index, lines.get(index).replaceFirst("\"signature\":\"[0-9a-f]{128}\"",
            "\"signature\":\"" + signature.group(1) + "\""));
        assertVerifyFails(tampered(signatureSwapped), "line " + (index + 1) + ": bad_signature");
    }

    @Test
    void shouldReportEntriesAfterTheLastSignedHeadUnlessAllowed() throws IOException {
        List<String> cut = new ArrayList<>(lines.subList(0, lines.size() - 1));   // the final head is gone
        Path file = tampered(cut);
        int firstUnsigned = headIndex(3) + 2;

        assertVerifyFails(file, "line " + firstUnsigned + ": unsigned_tail");
        Object[] allowed = run("verify", file.toString(), "--allow-unsigned-tail");
        assertThat(allowed[0]).as(String.valueOf(allowed[1])).isEqualTo(0);
        assertThat((String) allowed[1]).contains("warning", "not covered by a signature");

        // Cut inside the final head's line: the writer died while writing it.
        String text = Files.readString(log, StandardCharsets.US_ASCII);
        Path midLine = Files.writeString(dir.resolve("mid.ludlog"), text.substring(0, text.length() - 40),
            StandardCharsets.US_ASCII);
        assertVerifyFails(midLine, "unsigned_tail");
        assertThat((String) run("verify", midLine.toString())[1]).contains("(the last line, " + lines.size() + ", is incomplete)");
        assertThat(run("verify", midLine.toString(), "--allow-unsigned-tail")[0]).isEqualTo(0);

        // Cut right after a periodic head: every entry is signed, but the log was never closed.
        Path afterHead = tampered(new ArrayList<>(lines.subList(0, headIndex(3) + 1)));
        assertVerifyFails(afterHead, "not_closed");
    }

    @Test
    void shouldNameARemovedHeadAnEditedLeafListAndEntriesRemovedOrAddedAtAHead() throws IOException {
        int head = headIndex(2);
        List<String> headRemoved = new ArrayList<>(lines);
        headRemoved.remove(head);
        assertVerifyFails(tampered(headRemoved), "line " + headIndex(3) + ": head_leaves_mismatch");

        List<String> listEdited = new ArrayList<>(lines);
        listEdited.set(head, lines.get(head).replaceFirst("\"leaves\":\"[A-Za-z0-9+/]{4}", "\"leaves\":\"AAAA"));
        assertVerifyFails(tampered(listEdited), "line " + (head + 1) + ": head_leaves_mismatch");

        List<String> lastRemoved = new ArrayList<>(lines);
        lastRemoved.remove(head - 1);
        assertVerifyFails(tampered(lastRemoved), "line " + head + ": missing_entry");

        List<String> added = new ArrayList<>(lines);
        added.add(head, lines.get(head - 1));
        assertVerifyFails(tampered(added), "line " + (head + 1) + ": entry_mismatch");

        List<String> proofEdited = new ArrayList<>(lines);
        proofEdited.set(head, lines.get(head).replaceFirst("\"consistency\":\\[\"[0-9a-f]", "\"consistency\":[\"x")
            .replace("\"consistency\":[\"x", "\"consistency\":[\"" + (lines.get(head).contains("\"consistency\":[\"0") ? "1" : "0")));
        assertVerifyFails(tampered(proofEdited), "line " + (head + 1) + ": inconsistent_head");
    }

    @Test
    void shouldCatchAForgerWhoReSignedEverythingOnlyWhenTheKeyIsPinned() throws IOException {
        int index = firstLineIndex("\"kind\":\"move\"", 1);
        List<String> edited = new ArrayList<>(lines);
        edited.set(index, lines.get(index).replaceFirst("\"seq\":(\\d+)", "\"seq\":999"));
        Path forged = tampered(LogForger.resign(edited, TreeHeadSigner.generateKeys()));

        assertThat(run("verify", forged.toString())[0]).as("the header's own key cannot tell").isEqualTo(0);
        assertVerifyFails(forged, "line 1: key_not_pinned", "--public-key", publicKey.toString());
    }

    @Test
    void shouldVerifyAndReplayACombatRunWithItsActionsRejectionsAndKills() throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        Path combat = dir.resolve("combat");
        SimulationReport report = new SimulationRun(SimulateConfig.of(60, 900, 240, 0, 9, 2, "steady", 600,
            combat.resolve("report.json"), 20), AuditSettings.in(combat.resolve("audit")), quiet, quiet).run();
        Path recorded = Path.of(report.audit().path());
        List<String> entries = LogForger.lines(recorded);
        assertThat(entries.stream().filter(line -> line.contains("\"kind\":\"act\"")).count()).as("shots recorded").isGreaterThan(100);
        assertThat(entries.stream().filter(line -> line.contains("\"claimX\":") && !line.contains("\"claimX\":\"NaN\"")).count())
            .as("claimed positions recorded").isPositive();

        assertThat(run("verify", recorded.toString(), "--public-key", combat.resolve("audit")
            .resolve(ServerKeyStore.PUBLIC_FILE).toString())[0]).isEqualTo(0);
        Object[] replayed = run("replay", recorded.toString(), "--workers", "2");
        assertThat(replayed[0]).as(String.valueOf(replayed[1])).isEqualTo(0);
        assertThat((String) replayed[1]).contains("240 ticks replayed, all state hashes match");
    }

    @Test
    void shouldRecordTheLearnedPlanOfEveryTickAndReplayFromIt() throws IOException {
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        Path learned = dir.resolve("learned");
        SimulationReport report = new SimulationRun(SimulateConfig.of(40, 400, 90, 0, 7, 1, "hotspot", 1500,
            learned.resolve("report.json")).withLearnedCosts(true), AuditSettings.in(learned.resolve("audit")),
            quiet, quiet).run();
        assertThat(report.plan().costs()).isEqualTo("learned");
        Path recorded = Path.of(report.audit().path());
        List<String> entries = LogForger.lines(recorded);
        List<String> ticks = entries.stream().filter(line -> line.startsWith("{\"type\":\"tick\"")).toList();
        assertThat(ticks).hasSize(90).allMatch(line -> line.contains(",\"plan\":{\"throttle\":true,\"budgetNs\":35000000,"));
        // Measured prices: not the model's 1,000 ps per unit once the first ticks were timed.
        assertThat(ticks.getLast()).doesNotContain("\"regionPsPerUnit\":1000,\"playerPsPerUnit\":1000}");
        Object[] replayed = run("replay", recorded.toString(), "--workers", "2");
        assertThat(replayed[0]).as(String.valueOf(replayed[1])).isEqualTo(0);
        assertThat((String) replayed[1]).contains("90 ticks replayed, all state hashes match");

        // The replay plans from the recorded budget: a budget of 1 ns from tick 10 on sheds, and the world differs.
        List<String> edited = new ArrayList<>(entries);
        for (int i = 0; i < edited.size(); i++) {
            Matcher tick = Pattern.compile("^\\{\"type\":\"tick\",\"tick\":(\\d+),").matcher(edited.get(i));
            if (tick.find() && Integer.parseInt(tick.group(1)) >= 10) {
                edited.set(i, edited.get(i).replace("\"budgetNs\":35000000", "\"budgetNs\":1"));
            }
        }
        Object[] diverged = run("replay", tampered(edited).toString());
        assertThat(diverged[0]).as(String.valueOf(diverged[1])).isEqualTo(1);
        assertThat((String) diverged[1]).contains("state_hash_mismatch");
    }

    @Test
    void shouldReplayEveryTickWithMatchingStateHashesOnAnyWorkerCount() {
        for (String workers : List.of("1", "2")) {
            Object[] result = run("replay", log.toString(), "--workers", workers);
            assertThat(result[0]).as(String.valueOf(result[1])).isEqualTo(0);
            assertThat((String) result[1]).contains("90 ticks replayed, all state hashes match");
        }
    }

    @Test
    void shouldFailReplayAtTheTickOfAnEditedMoveThatVerifyNoLongerSees() throws IOException {
        // A move well after the joins, with a direction, changed to the opposite direction.
        int index = -1;
        for (int i = firstLineIndex("\"tick\":30,", 1); i < lines.size() && index < 0; i++) {
            if (lines.get(i).contains("\"kind\":\"move\"") && !lines.get(i).contains("\"dx\":0.0,\"dy\":0.0")) {
                index = i;
            }
        }
        assertThat(index).isPositive();
        Matcher tick = Pattern.compile("\"tick\":(\\d+)").matcher(lines.get(index));
        assertThat(tick.find()).isTrue();
        String line = lines.get(index);
        List<String> edited = new ArrayList<>(lines);
        edited.set(index, line.replace("\"dx\":", "\"dx\":-").replace("\"dx\":--", "\"dx\":")
            .replace("\"dy\":", "\"dy\":-").replace("\"dy\":--", "\"dy\":"));
        KeyPair forger = TreeHeadSigner.generateKeys();
        Path forged = tampered(LogForger.resign(edited, forger));
        int tickLine = firstLineIndex("\"type\":\"tick\",\"tick\":" + tick.group(1) + ",", index) + 1;

        assertThat(run("verify", forged.toString())[0]).isEqualTo(0);
        Object[] replay = run("replay", forged.toString());
        assertThat(replay[0]).as(String.valueOf(replay[1])).isEqualTo(1);
        assertThat((String) replay[1]).contains("line " + tickLine + ": state_hash_mismatch: tick " + tick.group(1) + ":");
    }

    @Test
    void shouldRefuseUnreadableFilesAndKeysWithExitTwo() throws IOException {
        Object[] missing = run("verify", dir.resolve("nope.ludlog").toString());
        assertThat(missing[0]).isEqualTo(2);
        assertThat((String) missing[1]).contains("nope.ludlog");
        Path badKey = Files.writeString(dir.resolve("bad.pub"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertThat(run("verify", log.toString(), "--public-key", badKey.toString())[0]).isEqualTo(2);
        assertThat(run("replay", dir.resolve("nope.ludlog").toString())[0]).isEqualTo(2);
        assertThat(run("replay", log.toString(), "--workers", "0")[0]).isEqualTo(2);
    }

    @Test
    void shouldRejectEmptyAndForeignFilesWithExitOne() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.ludlog"), "");
        assertVerifyFails(empty, "line 1: bad_header");
        assertThat(run("replay", empty.toString())[0]).isEqualTo(1);
        Path foreign = Files.writeString(dir.resolve("notes.txt"), "hello\nworld\n");
        assertVerifyFails(foreign, "line 1: bad_header");
        Object[] replay = run("replay", foreign.toString());
        assertThat(replay[0]).isEqualTo(1);
        assertThat((String) replay[1]).contains("line 1: malformed_entry");
    }
}
