package dev.ludus.platform.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One committed transaction in the append-only journal, as stored, chained to the one before:
 * {@code hash = SHA-256(bytes(prevHash) || canonicalBytes())} (FIPS 180-4), so editing or deleting
 * any entry, or any of its postings, changes the hash an audit recomputes.
 *
 * <p>Fields are raw (not validated beyond null checks) so that an audit can read a journal that was
 * edited by hand and say what is wrong with it.
 *
 * @param seq         position, from 1
 * @param id          the transaction id
 * @param key         the idempotency key
 * @param fingerprint SHA-256 (hex) of the canonical request
 * @param kind        {@code purchase} or {@code reward}
 * @param player      the player
 * @param detail      the SKU or the reward's reason
 * @param createdMs   wall-clock milliseconds when prepared
 * @param lines       the postings in canonical order
 * @param prevHash    the previous entry's hash (hex), {@link #GENESIS} for the first
 * @param hash        this entry's hash (hex), as stored
 */
public record JournalEntry(long seq, String id, String key, String fingerprint, String kind, String player, String detail,
                           long createdMs, List<Line> lines, String prevHash, String hash) {
    /** The hash before the first entry: 32 zero bytes, hex. */
    public static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    /**
     * One posting as stored.
     *
     * @param holder the account's holder
     * @param asset  the asset's code
     * @param amount the change
     */
    public record Line(String holder, String asset, long amount) {
        /** Canonical constructor. */
        public Line {
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(asset, "asset");
        }
    }

    /** Canonical constructor; copies the lines. */
    public JournalEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(player, "player");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
        lines = List.copyOf(lines);
    }

    /**
     * Chains a transaction after the entry whose hash is {@code prevHash}.
     *
     * @param seq         the new entry's position
     * @param transaction the transaction
     * @param prevHash    the previous hash (hex)
     * @return the entry with its hash
     */
    public static JournalEntry chain(long seq, Transaction transaction, String prevHash) {
        List<Line> lines = transaction.postings().stream()
            .map(p -> new Line(p.account().holder(), p.account().asset().code(), p.amount())).toList();
        JournalEntry unhashed = new JournalEntry(seq, transaction.id(), transaction.key().value(), transaction.fingerprint(),
            transaction.kind(), transaction.player(), transaction.detail(), transaction.createdMs(), lines, prevHash, "");
        return new JournalEntry(seq, unhashed.id, unhashed.key, unhashed.fingerprint, unhashed.kind, unhashed.player,
            unhashed.detail, unhashed.createdMs, lines, prevHash, unhashed.expectedHash());
    }

    /**
     * @return the hash this entry should have, recomputed from its content and {@link #prevHash()}
     * @throws IllegalArgumentException when {@link #prevHash()} is not hex
     */
    public String expectedHash() {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(prevHash));
        sha.update(canonicalBytes());
        return HEX.formatHex(sha.digest());
    }

    /**
     * The bytes hashed: UTF-8 lines of seq, id, key, fingerprint, kind, player, detail, created
     * milliseconds, then one {@code holder|asset|amount} line per posting.
     *
     * @return the canonical bytes
     */
    byte[] canonicalBytes() {
        StringBuilder text = new StringBuilder(256);
        text.append(seq).append('\n').append(id).append('\n').append(key).append('\n').append(fingerprint).append('\n')
            .append(kind).append('\n').append(player).append('\n').append(detail).append('\n').append(createdMs).append('\n');
        for (Line line : lines) {
            text.append(line.holder()).append('|').append(line.asset()).append('|').append(line.amount()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param text any text
     * @return SHA-256 of its UTF-8 bytes, hex
     */
    static String sha256Hex(String text) {
        return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * @return the receipt this entry answers a repeated key with
     * @throws IllegalArgumentException when a stored line is not a valid posting
     */
    public Receipt receipt() {
        List<Posting> postings = lines.stream()
            .map(l -> new Posting(new Account(l.holder(), Asset.parse(l.asset())), l.amount())).toList();
        return new Receipt(id, seq, new IdempotencyKey(key), kind, player, detail, postings, true);
    }
}
