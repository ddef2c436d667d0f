package dev.ludus.protocol;

/**
 * The header of a snapshot and how many entities it carries, read without decoding the entities
 * (see {@link ProtobufCodec#readSnapshotHeader}). For clients that only need timing and
 * acknowledgement, such as load-test bots and monitors.
 *
 * @param tick         the tick that produced the snapshot
 * @param serverTimeMs the tick's start on the server's clock, Unix epoch milliseconds
 * @param ackSeq       the highest applied input sequence number, -1 before any
 * @param entityCount  entities in the snapshot
 */
public record SnapshotHeader(long tick, long serverTimeMs, long ackSeq, int entityCount) {
}
