package dev.ludus.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ludus.platform.session.SessionException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Operators' session API (docs/protocol.md §19), guarded by {@code Authorization: Bearer <admin key>}:
 * {@code DELETE /v1/sessions/{player}} revokes a player's session (204; 404 {@code session_unknown});
 * {@code POST /v1/sessions/{player}/transfer} with {@code {"server": id, "url": ws-url}} moves a connected
 * player to another server (202; 404 {@code session_unknown}, 409 {@code session_detached}, 400
 * {@code invalid_request}). Other paths go on to the next handler. Errors are JSON
 * {@code {"error": code, "message": text}}.
 */
final class SessionHttpAdapter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SESSION_PATH = Pattern.compile("/v1/sessions/([^/]+)(/transfer)?");

    private final Gateway gateway;
    private final byte[] adminKey;

    SessionHttpAdapter(Gateway gateway, String adminKey) {
        super(false);
        this.gateway = gateway;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        // The raw path: a bad %-escape must reach the 400 below, not throw here (and every segment is decoded exactly once).
        Matcher path = SESSION_PATH.matcher(new QueryStringDecoder(request.uri()).rawPath());
        if (!path.matches()) {
            ctx.fireChannelRead(request);
            return;
        }
        try {
            FullHttpResponse response;
            if (!LedgerHttpAdapter.authorized(adminKey, request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                response = error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "Authorization : expected \"Bearer <LUDUS_ADMIN_KEY>\"");
            } else {
                String player = decodeSegment(path.group(1));
                response = player == null
                    ? error(HttpResponseStatus.BAD_REQUEST, "invalid_request", "player : not a valid %-encoded path segment")
                    : route(request, player, path.group(2) != null);
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            request.release();
        }
    }

    private FullHttpResponse route(FullHttpRequest request, String player, boolean transfer) {
        try {
            if (!transfer) {
                if (!request.method().equals(HttpMethod.DELETE)) {
                    return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "expected DELETE");
                }
                return gateway.revoke(player) ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT)
                    : error(HttpResponseStatus.NOT_FOUND, "session_unknown", "player \"" + dev.ludus.protocol.Texts.clip(player) + "\" has no session here");
            }
            if (!request.method().equals(HttpMethod.POST)) {
                return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "expected POST");
            }
            JsonNode body;
            try {
                body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                return error(HttpResponseStatus.BAD_REQUEST, "invalid_request", "body : not JSON");
            }
            String server = body == null ? null : body.path("server").asText(null);
            String url = body == null ? null : body.path("url").asText(null);
            if (server == null || !server.matches("[A-Za-z0-9_.:-]{1,64}") || url == null
                || !(url.startsWith("ws://") || url.startsWith("wss://"))) {
                return error(HttpResponseStatus.BAD_REQUEST, "invalid_request",
                    "expected {\"server\": an id of A-Z a-z 0-9 _ . : -, \"url\": a ws:// or wss:// URL}");
            }
            gateway.transfer(player, server, url);
            ObjectNode accepted = JSON.createObjectNode().put("player", player).put("server", server).put("status", "transferring");
            return LedgerHttpAdapter.json(HttpResponseStatus.ACCEPTED, accepted);
        } catch (SessionException e) {
            return error(e.error() == dev.ludus.platform.session.SessionError.SESSION_DETACHED ? HttpResponseStatus.CONFLICT
                : HttpResponseStatus.NOT_FOUND, e.error().code(), e.getMessage());
        }
    }

    private static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        return LedgerHttpAdapter.json(status, LedgerHttpAdapter.error(code, message));
    }

    /** @return the segment %-decoded, or null when an escape is malformed */
    static String decodeSegment(String raw) {
        try {
            return QueryStringDecoder.decodeComponent(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
