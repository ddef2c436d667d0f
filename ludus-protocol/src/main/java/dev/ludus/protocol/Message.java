package dev.ludus.protocol;

/**
 * A message of the Ludus wire protocol, in either direction.
 *
 * <p>Every message is an immutable record in a sealed hierarchy, so a {@code switch} over it is
 * exhaustive. The same records travel as JSON in WebSocket text frames ({@link JsonCodec}) and as
 * protobuf in binary frames ({@link ProtobufCodec}); {@code docs/protocol.md} documents both forms.
 *
 * <p>Records are immutable and safe to share between threads.
 */
public sealed interface Message permits ClientMessage, ServerMessage {

    /**
     * The value of the {@code "type"} field that names this message in its JSON form.
     *
     * @return a lower-case wire name such as {@code "login"} or {@code "snapshot"}
     */
    String type();
}
