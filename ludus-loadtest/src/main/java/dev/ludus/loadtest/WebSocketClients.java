package dev.ludus.loadtest;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;

/** Opens the load generators' WebSocket connections on Netty's client (ws or wss). */
final class WebSocketClients {
    /** The largest message a client accepts, bytes (a full snapshot of a crowded area fits). */
    static final int MAX_FRAME_BYTES = 4 << 20;

    private WebSocketClients() {
    }

    /**
     * Connects asynchronously; the handler hears {@code HANDSHAKE_COMPLETE} when the WebSocket is open.
     *
     * @param group          the event loops
     * @param uri            {@code ws://} or {@code wss://} endpoint
     * @param handler        the last handler of the pipeline, receiving whole frames
     * @param closeFrameOnClose whether closing the channel first sends a WebSocket close (1000); false closes the TCP
     *                       connection alone, as a lost network does
     */
    static void connect(EventLoopGroup group, URI uri, ChannelHandler handler, boolean closeFrameOnClose) {
        boolean tls = "wss".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        WebSocketClientProtocolConfig.Builder protocol = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .maxFramePayloadLength(MAX_FRAME_BYTES)
            .handleCloseFrames(true)
            .handshakeTimeoutMillis(10_000);
        if (!closeFrameOnClose) {
            protocol.sendCloseFrame(null);
        }
        WebSocketClientProtocolConfig config = protocol.build();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) throws Exception {
                    if (tls) {
                        channel.pipeline().addLast(SslContextBuilder.forClient().build()
                            .newHandler(channel.alloc(), uri.getHost(), port));
                    }
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                        new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME_BYTES), handler);
                }
            })
            .connect(uri.getHost(), port);
    }
}
