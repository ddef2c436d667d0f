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
 * any entry, or any of its postings or items, changes the hash an audit recomputes.
 *
 * <p>A settlement ({@link Ledger#rewardBatch}) is one entry whose {@link #items()} name every reward
 * it credited, each under its own key; its postings are the items' grants summed per account. Other
 * entries have no items, and their hash is computed exactly as before items existed.
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
 * @param items       the rewards a settlement credited, in request order; empty for other entries
 */
public record JournalEntry(long seq, String id, String key, String fingerprint, String kind, String player, String detail,
                           long createdMs, List<Line> lines, String prevHash, String hash, List<Item> items) {
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

    /**
     * One reward credited by a settlement, as stored: what {@link Ledger#reward} would have credited
     * under {@code key} on its own. Raw, like the rest of an entry, so an audit can read hand edits.
     *
     * @param key    the reward's own idempotency key (e.g. {@code activity:<taskId>}); unique across
     *               every transaction key and every item key of the journal
     * @param player the player credited
     * @param detail the reward's reason
     * @param grants the grants as {@code code|amount} pairs joined by commas, in request order (e.g. {@code wood|67,bow_skin|1})
     */
    public record Item(String key, String player, String detail, String grants) {
        /** Canonical constructor. */
        public Item {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(player, "player");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(grants, "grants");
        }

        /**
         * @return SHA-256 (hex) of the same canonical request as {@link Ledger#reward} with this key's
         *         player, reason and grants, so a reward repeated alone matches the item that credited it
         */
        public String fingerprint() {
            return sha256Hex("reward\n" + player + "\n" + detail + "\n" + grants.replace(',', '\n'));
        }

        /**
         * @return the item's postings: the player's account up by each grant, {@link Account#REWARDS} down, merged per account
         * @throws IllegalArgumentException when the player or a grant is malformed (a hand-edited row)
         */
        public List<Posting> postings() {
            List<Posting> postings = new java.util.ArrayList<>();
            for (String pair : grants.split(",", -1)) {
                int bar = pair.indexOf('|');
                if (bar < 1) {
                    throw new IllegalArgumentException("item " + key + ": grant \"" + pair + "\" (expected: code|amount)");
                }
                Asset asset = Asset.parse(pair.substring(0, bar));
                long amount;
                try {
                    amount = Long.parseLong(pair.substring(bar + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("item " + key + ": grant \"" + pair + "\" (expected: code|amount)", e);
                }
                postings.add(new Posting(Account.player(player, asset), amount));
                postings.add(new Posting(new Account(Account.REWARDS, asset), -amount));
            }
            return Transaction.canonical(postings);
        }

        /**
         * The receipt a repeated {@link Ledger#reward} under this item's key is answered with.
         *
         * @param transactionId the settlement's transaction id
         * @param seq           the settlement's position in the journal
         * @return the item as a replayed reward receipt
         */
        public Receipt receipt(String transactionId, long seq) {
            return new Receipt(transactionId, seq, new IdempotencyKey(key), "reward", player, detail, postings(), true);
        }
    }

    /** An entry without items (every kind but a settlement). */
    public JournalEntry(long seq, String id, String key, String fingerprint, String kind, String player, String detail,
                        long createdMs, List<Line> lines, String prevHash, String hash) {
        this(seq, id, key, fingerprint, kind, player, detail, createdMs, lines, prevHash, hash, List.of());
    }

    /** Canonical constructor; copies the lines and items. */
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
        items = List.copyOf(items);
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
            transaction.kind(), transaction.player(), transaction.detail(), transaction.createdMs(), lines, prevHash, "",
            transaction.items());
        return new JournalEntry(seq, unhashed.id, unhashed.key, unhashed.fingerprint, unhashed.kind, unhashed.player,
            unhashed.detail, unhashed.createdMs, lines, prevHash, unhashed.expectedHash(), unhashed.items);
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
     * milliseconds, then one {@code holder|asset|amount} line per posting, then (settlements only) one
     * {@code item|key|player|detail|grants} line per item.
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
        for (Item item : items) {
            text.append("item|").append(item.key()).append('|').append(item.player()).append('|').append(item.detail()).append('|')
                .append(item.grants()).append('\n');
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
     * @return the idempotency keys this entry credited: its own key, or for a settlement the keys of its items
     */
    public List<String> creditedKeys() {
        return kind.equals(Transaction.SETTLEMENT) ? items.stream().map(Item::key).toList() : List.of(key);
    }

    /**
     * @return the receipt this entry answers a repeated key with
     * @throws IllegalArgumentException when a stored line is not a valid posting
     */
    public Receipt receipt() {
        List<Posting> postings = lines.stream()
            .map(l -> new Posting(new Account(l.holder(), Asset.parse(l.asset())), l.amount())).toList();
        List<Receipt.Credited> credited = items.stream().map(i -> new Receipt.Credited(i.key(), seq, true)).toList();
        return new Receipt(id, seq, new IdempotencyKey(key), kind, player, detail, postings, true, credited);
    }
}
