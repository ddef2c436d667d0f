package dev.ludus.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.ArrayDeque;

/**
 * Answers a connection's HTTP requests in the order they came (HTTP/1.1 pipelining, RFC 9112 §9.3.2). The ledger's
 * answers come back from its own threads while a 401, a 404 or {@code /health} is written at once, so without this a
 * client that pipelines a purchase and another request could read the second answer as the purchase's. While one request
 * waits for its answer the next wait here, and the socket is not read meanwhile (so the queue holds only what one read
 * brought). Every request gets exactly one {@link FullHttpResponse}: the handlers behind this one all answer so.
 *
 * <p>Event loop only: one instance per connection.
 */
final class HttpInOrder extends ChannelDuplexHandler {
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean answering;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (answering) {
            waiting.add(request);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        answering = true;
        ctx.fireChannelRead(request);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean answer = msg instanceof FullHttpResponse;
        ctx.write(msg, promise);
        if (answer && answering) {
            answering = false;
            // The next request after this write has gone out, not from inside it.
            ctx.executor().execute(() -> next(ctx));
        }
    }

    private void next(ChannelHandlerContext ctx) {
        if (answering) {
            return;
        }
        FullHttpRequest request = waiting.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        answering = true;
        ctx.fireChannelRead(request);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    private void release() {
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            request.release();
        }
    }
}
