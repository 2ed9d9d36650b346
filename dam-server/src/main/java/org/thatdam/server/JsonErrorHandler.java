package org.thatdam.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.thatdam.core.json.Json;

/**
 * Jetty's own error responses (requests rejected before they reach Javalin: a malformed or
 * ambiguous URI, a request line or headers too large, …) in the API's JSON shape
 * {@code {"error":{"code","message"}}} instead of Jetty's HTML page. Never shows stack traces.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        int status = response.getStatus();
        SecurityHeaders.apply(response);
        byte[] body = body(status, HttpStatus.getMessage(status));
        response.setContentType("application/json");
        response.setCharacterEncoding("utf-8");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        } catch (IllegalStateException e) {
            // the writer was already taken: fall back to it
            response.getWriter().write(new String(body, StandardCharsets.UTF_8));
        }
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        SecurityHeaders.apply(fields);
        return ByteBuffer.wrap(body(status, reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason));
    }

    static byte[] body(int status, String message) {
        try {
            return Json.mapper().writeValueAsBytes(org.thatdam.server.api.ErrorBody.of(ErrorStatus.codeFor(status),
                    message == null ? "HTTP " + status : message));
        } catch (JsonProcessingException e) {
            return ("{\"error\":{\"code\":\"" + ErrorStatus.codeFor(status).wire() + "\",\"message\":\"HTTP " + status + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
