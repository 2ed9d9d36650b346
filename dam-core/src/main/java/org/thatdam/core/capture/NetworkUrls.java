package org.thatdam.core.capture;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.thatdam.model.DamException;

/**
 * A network source's address as people give it: only the stream schemes ffmpeg is allowed to open here,
 * a host, and no secret in what is stored or shown (the user and password go apart, a query that
 * carries a secret is refused: it would be shown back).
 */
final class NetworkUrls {

    static final Set<String> SCHEMES = Set.of("rtsp", "rtsps", "srt", "rtmp", "rtmps", "http", "https");
    private static final int MAX = 2000;
    private static final Set<String> SECRET_WORDS = Set.of("pass", "pwd", "token", "secret", "key", "auth", "sig", "credential");

    /** The address without credentials, and the credentials ({@code user:password}, null when none). */
    record Parsed(String address, String scheme, String userInfo) {
        @Override
        public String toString() {
            return address;
        }
    }

    private NetworkUrls() {}

    static Parsed parse(String raw, String username, String password) {
        if (raw == null || raw.isBlank()) throw DamException.invalid("url: a network source needs a URL");
        String text = raw.strip();
        if (text.length() > MAX) throw DamException.invalid("url: longer than " + MAX + " characters");
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i)) || text.charAt(i) == ' ') {
                throw DamException.invalid("url: spaces and control characters are not allowed");
            }
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw DamException.invalid("url: not a valid URL (" + e.getReason() + " at character " + (e.getIndex() + 1) + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw DamException.invalid("url: the scheme must be one of rtsp, rtsps, srt, rtmp, rtmps, http, https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) throw DamException.invalid("url: the URL names no host");
        if (uri.getFragment() != null) throw DamException.invalid("url: a stream URL has no #fragment");
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = decoded(pair.split("=", 2)[0]).toLowerCase(Locale.ROOT); // p%61ss is pass
                for (String w : SECRET_WORDS) {
                    if (name.contains(w)) {
                        throw DamException.invalid("url: the query parameter '" + name + "' looks like a secret; give the "
                                + "user and password in their own fields, they are stored apart and never shown");
                    }
                }
            }
        }
        String user = username;
        String pass = password;
        if (uri.getRawUserInfo() != null) {
            if (user != null && !user.isBlank()) throw DamException.invalid("username: given twice (in the URL and on its own)");
            String[] parts = uri.getUserInfo().split(":", 2); // decoded: kept as typed, encoded once when opened
            user = parts[0];
            pass = parts.length > 1 ? parts[1] : null;
        }
        if (user != null && user.indexOf(':') >= 0) throw DamException.invalid("username: a user name cannot hold ':'");
        if (user != null && user.length() > 256 || pass != null && pass.length() > 256) {
            throw DamException.invalid("password: the user name and password have at most 256 characters each");
        }
        if ((user == null || user.isEmpty()) && pass != null && !pass.isEmpty()) {
            throw DamException.invalid("username: a password needs a user name");
        }
        String userInfo = user == null || user.isEmpty() ? null : pass == null || pass.isEmpty() ? user : user + ":" + pass;
        String address = scheme + "://" + (uri.getRawAuthority().contains("@")
                ? uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1) : uri.getRawAuthority())
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Parsed(address, scheme, userInfo);
    }

    /** A query parameter's name as the server reads it (percent-decoding; a malformed escape stays as it is). */
    private static String decoded(String raw) {
        try {
            return java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
