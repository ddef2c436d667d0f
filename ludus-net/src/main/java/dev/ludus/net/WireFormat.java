package dev.ludus.net;

/** How a connection's messages are framed: JSON in text frames or protobuf in binary frames. */
enum WireFormat {
    JSON,
    PROTOBUF
}
