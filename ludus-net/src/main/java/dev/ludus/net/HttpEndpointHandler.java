package dev.ludus.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Plain HTTP on the gateway's port: {@code /health/live}, {@code /health/ready}, {@code /metrics}.
 * WebSocket upgrades on {@code /ws} are taken by Netty's protocol handler before this one.
 */
final class HttpEndpointHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final BooleanSupplier ready;
    private final Supplier<String> metricsScrape;

    HttpEndpointHandler(BooleanSupplier ready, Supplier<String> metricsScrape) {
        this.ready = ready;
        this.metricsScrape = metricsScrape;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        // Raw: the paths served are plain ASCII, and a bad %-escape is then just an unknown path (404), not an exception.
        String path = new QueryStringDecoder(request.uri()).rawPath();
        FullHttpResponse response;
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            response = switch (path) {
                case "/health/live" -> text(HttpResponseStatus.OK, "live\n");
                case "/health/ready" -> ready.getAsBoolean()
                    ? text(HttpResponseStatus.OK, "ready\n")
                    : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "starting: the world has not ticked yet\n");
                case "/metrics" -> {
                    FullHttpResponse metrics = text(HttpResponseStatus.OK, metricsScrape.get());
                    metrics.headers().set(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
                    yield metrics;
                }
                default -> text(HttpResponseStatus.NOT_FOUND, "not found: " + dev.ludus.protocol.Texts.clip(path) + "\n");
            };
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        return response;
    }

}
