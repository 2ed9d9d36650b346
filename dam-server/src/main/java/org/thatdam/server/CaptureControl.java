package org.thatdam.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.core.Dam;
import org.thatdam.core.json.Json;
import org.thatdam.model.Actor;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;
import org.thatdam.server.api.CaptureRecordBody;
import org.thatdam.server.api.CaptureStopBody;

/**
 * Recording started and stopped over the event stream: {@code capture.record} and {@code capture.stop}
 * messages, answered with {@code capture.ack} (the takes) or {@code error} (code and message) on the same
 * stream. The same checks as the HTTP routes: the upgrade checked the Origin; each message needs the
 * editor role of the credential the stream was opened with, asked again each time. A message that is
 * not understood gets an error and the stream stays open. One command per stream at a time (a group
 * start waits for its recorders), run off the socket's thread.
 */
final class CaptureControl implements EventHub.Inbound {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureControl.class);
    /** A command is a few source ids and a name: anything longer is refused unread. */
    static final int MAX_MESSAGE = 16 * 1024;
    /** Where the upgrade left the client's address (as the trusted proxies report it). */
    static final String ADDRESS = "dam.capture.address";

    /** The caller of a stream by the credentials it was opened with, when they are still valid. */
    @FunctionalInterface
    interface Credentials {
        Optional<Principal> identify(@Nullable String authorization, @Nullable String cookie);
    }

    /** {@code capture.record}: the body of POST /api/v1/capture/record, with its type. */
    record RecordMessage(String type, List<String> sources, @Nullable String name, @Nullable Double seconds,
                         @Nullable String timecode) {}

    /** {@code capture.stop}: the body of POST /api/v1/capture/stop, with its type. */
    record StopMessage(String type, @Nullable List<String> sources, @Nullable List<Long> takes) {}

    private final Dam dam;
    private final Credentials credentials;
    private final Map<String, Boolean> busy = new ConcurrentHashMap<>();

    CaptureControl(Dam dam, Credentials credentials) {
        this.dam = dam;
        this.credentials = credentials;
    }

    @Override
    public void handle(WsContext ctx, String message, Consumer<String> reply) {
        String type = "";
        try {
            if (message.length() > MAX_MESSAGE) {
                throw DamException.tooLarge("a message is at most " + MAX_MESSAGE + " characters");
            }
            JsonNode tree;
            try {
                tree = Json.mapper().readTree(message);
            } catch (Exception e) {
                throw DamException.badRequest("a message must be one JSON object with a type");
            }
            type = tree != null && tree.path("type").isTextual() ? tree.path("type").asText() : "";
            if (!type.equals("capture.record") && !type.equals("capture.stop")) {
                throw DamException.badRequest("unknown message type '" + Params.abbreviate(type)
                        + "'; this stream takes capture.record and capture.stop");
            }
            Principal p = credentials.identify(ctx.header("Authorization"), ctx.cookie(CredentialAccess.COOKIE))
                    .orElseThrow(() -> DamException.unauthorized("your session has ended or your key was revoked"));
            if (!p.may(Role.EDITOR)) {
                throw DamException.forbidden("recording needs the editor role; " + (p.user() == null ? "this credential"
                        : "'" + p.user() + "'") + " has " + p.role().id());
            }
            Actor by = new Actor(p, address(ctx));
            Runnable command;
            if (type.equals("capture.record")) {
                RecordMessage m = Bodies.read(message, RecordMessage.class, false);
                var request = CaptureRoutes.record(new CaptureRecordBody(m.sources(), m.name(), m.seconds(), m.timecode()));
                command = () -> reply.accept(ack(dam.capture().record(by, request)));
            } else {
                StopMessage m = Bodies.read(message, StopMessage.class, false);
                var request = CaptureRoutes.stop(new CaptureStopBody(m.sources(), m.takes()));
                command = () -> reply.accept(ack(dam.capture().stop(by, request)));
            }
            if (busy.putIfAbsent(ctx.sessionId(), Boolean.TRUE) != null) {
                throw DamException.conflict("the previous command of this stream is still running");
            }
            String name = type;
            Thread.ofVirtual().name("capture-control-" + ctx.sessionId()).start(() -> {
                try {
                    command.run();
                } catch (DamException e) {
                    reply.accept(error(e.code(), e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.error("{} over the event stream failed", name, e);
                    reply.accept(error(ErrorCode.INTERNAL, "internal error; the server log has the details"));
                } finally {
                    busy.remove(ctx.sessionId());
                }
            });
        } catch (DamException e) {
            reply.accept(error(e.code(), e.getMessage()));
        }
    }

    /** The client's address as the upgrade saw it; the socket's peer when it was not left there. */
    private static String address(WsContext ctx) {
        Object a = ctx.attribute(ADDRESS);
        if (a instanceof String s) return s;
        var remote = ctx.session.getRemoteAddress();
        return remote instanceof java.net.InetSocketAddress i ? i.getAddress().getHostAddress() : null;
    }

    static String ack(List<CaptureTake> takes) {
        ObjectNode msg = Json.mapper().createObjectNode().put("type", "capture.ack");
        msg.set("takes", Json.mapper().valueToTree(takes));
        return msg.toString();
    }

    static String error(ErrorCode code, String message) {
        ObjectNode msg = Json.mapper().createObjectNode().put("type", "error").put("code", code.wire())
                .put("message", message == null ? code.wire() : message);
        return msg.toString();
    }
}
