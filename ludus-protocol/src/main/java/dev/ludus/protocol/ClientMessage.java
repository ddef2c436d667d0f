package dev.ludus.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A message a client sends to the server.
 *
 * <p>Constructors validate their arguments and throw {@link ProtocolException} with a stable
 * {@link ErrorCode}, so a record that exists is always well-formed; the codecs rely on this to turn
 * bad input into an {@code error} reply rather than a crash.
 */
public sealed interface ClientMessage extends Message {

    /**
     * Join the world under a display name.
     *
     * @param name 1 to {@value #MAX_NAME_LENGTH} characters of {@code [A-Za-z0-9_-]}
     */
    record Login(String name) implements ClientMessage {
        /** Longest accepted display name, in characters. */
        public static final int MAX_NAME_LENGTH = 32;
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_NAME_LENGTH + "}");

        /**
         * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when the name is empty, too long
         *     or has characters outside {@code [A-Za-z0-9_-]}
         */
        public Login {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "login.name : \"" + Texts.clip(name) + "\" (expected: 1-" + MAX_NAME_LENGTH
                        + " characters of A-Z a-z 0-9 _ -)");
            }
        }

        @Override
        public String type() {
            return "login";
        }
    }

    /**
     * One player input: the direction the player wants to move in.
     *
     * <p>The server multiplies the direction by the entity's speed; a direction longer than 1 is
     * normalised to length 1 (so a client cannot move faster by sending a long vector), a shorter one
     * moves proportionally slower (an analog stick), and {@code (0, 0)} stops. The direction holds
     * until the next input.
     *
     * @param seq  the client's input sequence number, {@code >= 0}; must increase with every input of
     *             a connection. Snapshots acknowledge the highest applied value as {@code ackSeq}.
     * @param move the wanted direction, finite components
     */
    record Input(long seq, Vec2 move) implements ClientMessage {
        /**
         * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when {@code seq < 0}
         */
        public Input {
            if (seq < 0) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "input.seq : " + seq + " (expected: >= 0)");
            }
            Objects.requireNonNull(move, "move");
        }

        @Override
        public String type() {
            return "input";
        }
    }

    /**
     * A latency probe; the server answers with {@link ServerMessage.Pong} carrying the same {@code t}.
     *
     * @param t any finite client value, typically the client's clock in milliseconds
     */
    record Ping(double t) implements ClientMessage {
        /**
         * @throws ProtocolException {@link ErrorCode#INVALID_FIELD} when {@code t} is not finite
         */
        public Ping {
            if (!Double.isFinite(t)) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "ping.t : " + t + " (expected: a finite number)");
            }
        }

        @Override
        public String type() {
            return "ping";
        }
    }
}
