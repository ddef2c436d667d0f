package dev.ludus.server;

import dev.ludus.server.audit.AuditLogVerifier;
import dev.ludus.server.audit.ServerKeyStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ludus verify LOG}: checks an audit log's tree, signatures and proofs (docs/audit-log.md). */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Checks an audit log's entries, signed tree heads and proofs (docs/audit-log.md).",
        "Every entry is checked against the signed tree heads; every head's Ed25519 signature and",
        "consistency proof, inclusion proofs, the header, tick order and command counts are checked.",
        "Without --public-key the heads are checked with the key in the log's own header, which shows",
        "the log is unchanged since that key signed it; pin the server's key (its server.pub) to also",
        "catch a forger who re-signed everything with another key.",
        "Exit status: 0 the log is intact (a summary is printed); 1 it is not (the first bad line and",
        "what is wrong, with a stable code); 2 the file or key cannot be read, or bad options."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LOG", description = "the audit log, e.g. data/audit/world-42-20260101T000000Z.ludlog")
    Path log;

    @Option(names = "--public-key", paramLabel = "FILE",
        description = "the Ed25519 public key the log must be signed with (PEM or DER, e.g. the audit dir's server.pub)")
    Path publicKey;

    @Option(names = "--allow-unsigned-tail",
        description = "accept a log its writer never closed (a crash): entries after the last signed head are "
            + "reported and left unverified, a missing end entry and an incomplete last line are reported")
    boolean allowUnsignedTail;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PublicKey pinned = null;
        if (publicKey != null) {
            try {
                pinned = ServerKeyStore.readPublicKey(publicKey);
            } catch (IOException e) {
                err.println("verify: --public-key : " + e.getMessage() + " (expected: an Ed25519 public key file)");
                return 2;
            }
        }
        if (!Files.isRegularFile(log)) {
            err.println("verify: LOG : " + log + " (expected: an audit log file)");
            return 2;
        }
        AuditLogVerifier.Result result;
        try {
            result = new AuditLogVerifier(pinned, allowUnsignedTail, err::println, System::nanoTime).verify(log);
        } catch (IOException e) {
            err.println("verify: cannot read " + log + " (" + e + ")");
            return 2;
        }
        AuditLogVerifier.Summary summary = result.summary();
        summary.warnings().forEach(warning -> err.println("verify: warning: " + warning));
        if (!result.ok()) {
            err.println("verify: FAILED " + log);
            err.println("verify: " + result.problem());
            return 1;
        }
        out.println("verify: OK " + log);
        out.printf("  %d entries (%d ticks, %d commands), %d signed heads, ended: %s%n", summary.entries(),
            summary.ticks(), summary.commands(), summary.signedHeads(),
            summary.endReason() == null ? "not closed" : summary.endReason());
        out.printf("  tree size %d, root %s%n", summary.treeSize(), summary.root());
        out.printf("  signed by %s, key SHA-256 %s (%s)%n", summary.serverId(), summary.keyFingerprint(),
            summary.keyPinned() ? "pinned with --public-key" : "from the log's header: pin it with --public-key");
        out.printf("  inclusion proofs checked: %d of %d leaves%s%n", summary.inclusionChecked(), summary.treeSize(),
            summary.inclusionChecked() < summary.treeSize() ? " (sampled)" : "");
        return 0;
    }
}
