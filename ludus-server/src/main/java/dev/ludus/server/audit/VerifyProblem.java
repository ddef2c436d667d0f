package dev.ludus.server.audit;

import java.util.Locale;
import java.util.Objects;

/**
 * The first thing wrong with an audit log: where, a stable code, and what.
 *
 * @param line    the line of the log, from 1
 * @param code    why
 * @param message what is wrong, for people
 */
public record VerifyProblem(long line, Code code, String message) {
    /** Stable reasons, printed in lower case ({@code entry_mismatch}); docs/audit-log.md lists them. */
    public enum Code {
        /** A line is not the JSON the format describes (unreadable, missing or ill-typed field, unknown type). */
        MALFORMED_ENTRY,
        /** The first line is not a valid header (format, key, world or game configuration). */
        BAD_HEADER,
        /** The header's public key is not the key given with {@code --public-key}. */
        KEY_NOT_PINNED,
        /** A signed head's signature does not verify: its size, time, root or signature was changed, or another key signed it. */
        BAD_SIGNATURE,
        /** A signed head's list of leaf hashes does not lead to its signed root (or its size does not add up). */
        HEAD_LEAVES_MISMATCH,
        /** A signed head's consistency proof from the previous head does not verify, or its time runs backwards. */
        INCONSISTENT_HEAD,
        /** An entry's hash is not the one the next signed head lists for it: altered, or entries were removed, inserted or reordered. */
        ENTRY_MISMATCH,
        /** A signed head lists more leaves than the file has before it: entries were removed. */
        MISSING_ENTRY,
        /** Tick numbers are not 0, 1, 2, ... or a command's tick is not the tick being recorded. */
        TICK_SEQUENCE,
        /** A tick entry's command count differs from the command entries before it. */
        COMMAND_COUNT,
        /** An entry follows the end entry. */
        AFTER_END,
        /** Entries after the last signed head: not covered by any signature (a crash, or a truncation). */
        UNSIGNED_TAIL,
        /** The log has no end entry: its writer never closed it (a crash, or a truncation). */
        NOT_CLOSED,
        /** An inclusion proof of a leaf in the final signed tree does not verify. */
        INCLUSION;

        /** @return the code as printed, e.g. {@code bad_signature} */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @throws NullPointerException when the code or message is null */
    public VerifyProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return "line " + line + ": " + code.wireName() + ": " + message;
    }
}
