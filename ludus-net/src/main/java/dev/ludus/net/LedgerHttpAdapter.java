package dev.ludus.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ludus.platform.ledger.Asset;
import dev.ludus.platform.ledger.Grant;
import dev.ludus.platform.ledger.Ledger;
import dev.ludus.platform.ledger.LedgerError;
import dev.ludus.platform.ledger.LedgerException;
import dev.ludus.platform.ledger.PaymentPath;
import dev.ludus.platform.ledger.Posting;
import dev.ludus.platform.ledger.Receipt;
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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's REST API under {@code /v1/} (docs/protocol.md), for back offices and payment
 * providers' callbacks, guarded by {@code Authorization: Bearer <admin key>}:
 * {@code POST /v1/purchases}, {@code POST /v1/rewards}, {@code GET /v1/players/{player}/balances},
 * {@code PUT /v1/players/{player}}. Other paths go on to the next handler.
 *
 * <p>Errors are JSON {@code {"error": code, "message": text}} with the status of
 * {@link LedgerError#httpStatus()}; 401 {@code unauthorized} for a missing or wrong key. The ledger
 * answers asynchronously; the response is written on the channel's event loop, which never blocks.
 */
final class LedgerHttpAdapter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerHttpAdapter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLAYER_PATH = Pattern.compile("/v1/players/([^/]+)(/balances)?");

    private final Ledger ledger;
    private final byte[] adminKey;

    /**
     * @param ledger   the ledger
     * @param adminKey the bearer token that opens the API
     */
    LedgerHttpAdapter(Ledger ledger, String adminKey) {
        super(false);
        this.ledger = ledger;
        this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        // The raw path: a bad %-escape gets a 400, not an exception, and the player segment is decoded exactly once.
        String path = new QueryStringDecoder(request.uri()).rawPath();
        if (!path.startsWith("/v1/")) {
            ctx.fireChannelRead(request);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            if (!authorized(adminKey, request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                FullHttpResponse response = json(HttpResponseStatus.UNAUTHORIZED, error("unauthorized",
                    "Authorization : expected \"Bearer <LUDUS_ADMIN_KEY>\""));
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
                write(ctx, response, keepAlive);
                return;
            }
            CompletableFuture<FullHttpResponse> answer = route(request, path);
            answer.whenComplete((response, failure) -> ctx.channel().eventLoop().execute(
                () -> write(ctx, failure == null ? response : failure(failure), keepAlive)));
        } catch (RuntimeException e) {
            write(ctx, failure(e), keepAlive);
        } finally {
            request.release();
        }
    }

    private CompletableFuture<FullHttpResponse> route(FullHttpRequest request, String path) {
        HttpMethod method = request.method();
        if (path.equals("/v1/purchases") || path.equals("/v1/rewards")) {
            if (!method.equals(HttpMethod.POST)) {
                return CompletableFuture.completedFuture(notAllowed("POST"));
            }
            JsonNode body = body(request);
            String key = request.headers().get("Idempotency-Key");
            CompletableFuture<Receipt> receipt = path.equals("/v1/purchases")
                ? ledger.purchase(key, text(body, "player"), text(body, "sku"), PaymentPath.PAYMENT_PROVIDER)
                : ledger.reward(key, text(body, "player"), text(body, "reason"), grants(body));
            return receipt.thenApply(r -> json(HttpResponseStatus.OK, receiptJson(r)));
        }
        Matcher player = PLAYER_PATH.matcher(path);
        if (player.matches()) {
            String name = SessionHttpAdapter.decodeSegment(player.group(1));
            if (name == null) {
                return CompletableFuture.completedFuture(json(HttpResponseStatus.BAD_REQUEST, error("invalid_request",
                    "player : not a valid %-encoded path segment")));
            }
            if (player.group(2) != null) {
                if (!method.equals(HttpMethod.GET)) {
                    return CompletableFuture.completedFuture(notAllowed("GET"));
                }
                return ledger.balances(name).thenApply(balances -> json(HttpResponseStatus.OK, JSON.valueToTree(balances)));
            }
            if (!method.equals(HttpMethod.PUT)) {
                return CompletableFuture.completedFuture(notAllowed("PUT"));
            }
            return ledger.registerPlayer(name).thenApply(v -> {
                ObjectNode node = JSON.createObjectNode().put("player", name).put("status", "registered");
                return json(HttpResponseStatus.OK, node);
            });
        }
        return CompletableFuture.completedFuture(json(HttpResponseStatus.NOT_FOUND, error("not_found", "no such endpoint: " + clip(path))));
    }

    /**
     * @param adminKey the key, UTF-8
     * @param header   the request's {@code Authorization} header, or null
     * @return whether it is {@code Bearer <adminKey>}
     */
    static boolean authorized(byte[] adminKey, String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        // Constant-time comparison, so the key cannot be guessed byte by byte from response times.
        return MessageDigest.isEqual(adminKey, header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Client text in an error message: at most 40 characters of it. */
    private static String clip(String text) {
        return dev.ludus.protocol.Texts.clip(text);
    }

    private static JsonNode body(FullHttpRequest request) {
        JsonNode node;
        try {
            node = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new LedgerException(LedgerError.INVALID_REQUEST, "body : not JSON (" + clip(e.getOriginalMessage()) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new LedgerException(LedgerError.INVALID_REQUEST, "body : expected a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new LedgerException(LedgerError.INVALID_REQUEST, field + " : missing (expected: a string)");
        }
        if (!value.isTextual()) {
            throw new LedgerException(LedgerError.INVALID_REQUEST, field + " : " + clip(value.toString()) + " (expected: a string)");
        }
        return value.asText();
    }

    private static List<Grant> grants(JsonNode body) {
        JsonNode grants = body.get("grants");
        if (grants == null || !grants.isArray()) {
            throw new LedgerException(LedgerError.INVALID_REQUEST, "grants : missing (expected: an array of {asset, amount})");
        }
        List<Grant> result = new ArrayList<>();
        for (JsonNode grant : grants) {
            if (!grant.isObject()) {
                throw new LedgerException(LedgerError.INVALID_REQUEST, "grants[] : " + clip(grant.toString()) + " (expected: {asset, amount})");
            }
            String code = text(grant, "asset");
            Asset asset;
            try {
                asset = Asset.parse(code);
            } catch (IllegalArgumentException e) {
                throw new LedgerException(LedgerError.UNKNOWN_ASSET, "asset : \"" + clip(code) + "\" (expected: GEM, GOLD or an item of the game)");
            }
            JsonNode amount = grant.get("amount");
            if (amount == null || !amount.isIntegralNumber()) {
                throw new LedgerException(LedgerError.INVALID_AMOUNT, "amount : " + (amount == null ? "missing" : clip(amount.toString())) + " (expected: a whole number >= 1)");
            }
            if (!amount.canConvertToLong()) {
                throw new LedgerException(amount.bigIntegerValue().signum() < 0 ? LedgerError.INVALID_AMOUNT : LedgerError.AMOUNT_OVERFLOW,
                    "amount : " + clip(amount.toString()) + " (expected: 1 to 10^15)");
            }
            result.add(new Grant(asset, amount.longValue()));
        }
        return result;
    }

    private static ObjectNode receiptJson(Receipt receipt) {
        ObjectNode node = JSON.createObjectNode()
            .put("transactionId", receipt.transactionId())
            .put("status", "committed")
            .put("seq", receipt.seq())
            .put("kind", receipt.kind())
            .put("player", receipt.player())
            .put(receipt.kind().equals("purchase") ? "sku" : "reason", receipt.detail())
            .put("replayed", receipt.replayed());
        ObjectNode changes = node.putObject("balanceChanges");
        var postings = node.putArray("postings");
        for (Posting posting : receipt.postings()) {
            if (posting.account().holder().equals("player:" + receipt.player())) {
                changes.put(posting.account().asset().code(), posting.amount());
            }
            postings.addObject().put("account", posting.account().toString()).put("amount", posting.amount());
        }
        return node;
    }

    private static FullHttpResponse failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof LedgerException e) {
            return json(HttpResponseStatus.valueOf(e.error().httpStatus()), error(e.error().code(), e.getMessage()));
        }
        if (cause instanceof Error error) {
            throw error;
        }
        LOG.warn("ledger API: request failed", cause);
        return json(HttpResponseStatus.INTERNAL_SERVER_ERROR, error("internal_error", "the server could not handle this request"));
    }

    private static FullHttpResponse notAllowed(String allow) {
        FullHttpResponse response = json(HttpResponseStatus.METHOD_NOT_ALLOWED, error("method_not_allowed", "expected: " + allow));
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        return response;
    }

    static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("message", message);
    }

    static FullHttpResponse json(HttpResponseStatus status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JsonNode always serialises", e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return response;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
