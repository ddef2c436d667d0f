package dev.ludus.server.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an audit log line by line, byte for byte: a line is everything up to a {@code '\n'} (0x0A),
 * which is not part of it; nothing else ends a line, so a {@code '\r'} stays in the line and changes
 * its hash. Not thread-safe.
 */
final class LineReader implements Closeable {
    /** Longest line accepted, bytes (a signed head listing a second of a busy world's leaves is far below). */
    static final int MAX_LINE_BYTES = 256 << 20;

    private final InputStream in;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1024];
    private long lineNumber;
    private long bytesRead;
    private boolean terminated = true;

    LineReader(InputStream in) {
        this.in = in;
    }

    /**
     * @return the next line without its newline, or null at the end of the file
     * @throws IOException when reading fails
     * @throws MalformedEntryException when a line exceeds {@link #MAX_LINE_BYTES}
     */
    byte[] next() throws IOException, MalformedEntryException {
        int length = 0;
        while (true) {
            if (chunkPos == chunkEnd) {
                chunkEnd = in.read(chunk);
                chunkPos = 0;
                if (chunkEnd <= 0) {
                    chunkEnd = 0;
                    if (length == 0) {
                        return null;
                    }
                    terminated = false;
                    lineNumber++;
                    return Arrays.copyOf(line, length);
                }
                bytesRead += chunkEnd;
            }
            int start = chunkPos;
            while (chunkPos < chunkEnd && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            int take = chunkPos - start;
            if (length + take > MAX_LINE_BYTES) {
                lineNumber++;
                throw new MalformedEntryException("longer than " + MAX_LINE_BYTES + " bytes");
            }
            if (length + take > line.length) {
                line = Arrays.copyOf(line, Math.max(length + take, line.length * 2));
            }
            System.arraycopy(chunk, start, line, length, take);
            length += take;
            if (chunkPos < chunkEnd) {
                chunkPos++;   // the newline
                lineNumber++;
                return Arrays.copyOf(line, length);
            }
        }
    }

    /** @return the number of the line {@link #next()} returned last, from 1 */
    long lineNumber() {
        return lineNumber;
    }

    /** @return false when the last line returned had no newline (the file ends inside it) */
    boolean terminated() {
        return terminated;
    }

    /** @return bytes read from the file so far */
    long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
