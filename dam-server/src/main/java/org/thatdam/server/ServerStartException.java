package org.thatdam.server;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * The server could not listen where it was told to. Jetty reports every bind failure as "Failed
 * to bind" and Javalin calls them all "Port already in use"; the operating system's own reason is
 * in the cause chain, and says what the user should change.
 */
public final class ServerStartException extends DamException {

    public enum Reason {
        ADDRESS_IN_USE("the address is already in use", "another program uses the port"),
        PERMISSION_DENIED("permission denied", "ports below 1024 need administrator rights"),
        ADDRESS_NOT_AVAILABLE("the address is not available", "it is not an address of this machine"),
        UNKNOWN_HOST("unknown host", "the name does not resolve to an address"),
        FAILED("the server did not start", null);

        final String text;
        final String why;

        Reason(String text, String why) {
            this.text = text;
            this.why = why;
        }

        /** A stable code: {@code address_in_use}, {@code permission_denied}, … */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final String host;
    private final int port;
    private final String detail;

    private ServerStartException(Reason reason, String host, int port, String detail, String advice, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message(reason, host, port, detail, advice), cause);
        this.reason = reason;
        this.host = host;
        this.port = port;
        this.detail = detail;
    }

    static ServerStartException of(String host, int port, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new ServerStartException(Reason.UNKNOWN_HOST, host, port, null, null, failure);
            }
            if (t instanceof BindException b) {
                String m = b.getMessage() == null ? "" : b.getMessage().toLowerCase(Locale.ROOT);
                Reason r = m.contains("in use") ? Reason.ADDRESS_IN_USE
                        : m.contains("permission") || m.contains("access") ? Reason.PERMISSION_DENIED
                        : m.contains("assign") || m.contains("not available") ? Reason.ADDRESS_NOT_AVAILABLE
                        : Reason.FAILED;
                return new ServerStartException(r, host, port, r == Reason.FAILED ? b.getMessage() : null, null, failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new ServerStartException(Reason.FAILED, host, port, detail, null, failure);
    }

    /** The same failure, with what the user can do about it ("choose one with --port"). */
    public ServerStartException withAdvice(String advice) {
        return new ServerStartException(reason, host, port, detail, advice, getCause());
    }

    public Reason reason() {
        return reason;
    }

    private static String message(Reason reason, String host, int port, String detail, String advice) {
        StringBuilder m = new StringBuilder("cannot listen on ").append(host).append(':').append(port)
                .append(": ").append(reason.text);
        if (detail != null) m.append(": ").append(detail);
        String why = reason.why == null ? advice : advice == null ? reason.why : reason.why + "; " + advice;
        if (why != null) m.append(" (").append(why).append(')');
        return m.toString();
    }
}
