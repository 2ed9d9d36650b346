package org.thatdam.media.capture;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.thatdam.model.DamException;
import org.thatdam.model.LiveSettings;

/**
 * The ffmpeg input arguments of a live source, and the only place a source's address becomes an ffmpeg
 * argument. A device is opened as a V4L2 device by its path; a network stream only through the
 * protocols its scheme needs ({@code -protocol_whitelist}: never file, pipe, data, concat, subfile …)
 * and the container formats it can carry, with a read timeout and low-latency options; credentials
 * are put into the URL here and nowhere else.
 */
public final class CaptureInputs {

    /**
     * What to open and which streams to take: {@code videoMap} and {@code audioMap} are ffmpeg
     * {@code -map} values; {@code audioMap} is null without sound, and {@code audioOptional} says a
     * stream may turn out to have none (a network stream: we learn it only when ffmpeg opens it).
     */
    public record Input(List<String> args, String videoMap, String audioMap, boolean audioOptional) {
        public Input {
            args = List.copyOf(args);
        }

        public boolean audio() {
            return audioMap != null;
        }

        /** The same input without sound. */
        public Input withoutAudio() {
            return new Input(args, videoMap, null, false);
        }
    }

    public static final List<String> SCHEMES = List.of("rtsp", "rtsps", "srt", "rtmp", "rtmps", "http", "https");
    static final int MAX_URL = 2048;

    private static final Map<String, String> PROTOCOLS = Map.of(
            "rtsp", "rtsp,rtp,udp,tcp",
            "rtsps", "rtsp,rtsps,rtp,udp,tcp,tls",
            "srt", "srt,udp",
            "rtmp", "rtmp,tcp",
            "rtmps", "rtmp,rtmps,tcp,tls",
            // crypto: AES-128 HLS segments (wrapping http only, as the whitelist applies to nested opens too)
            "http", "http,https,tcp,tls,crypto",
            "https", "http,https,tcp,tls,crypto");
    /** Containers a live stream of each scheme carries; HLS opens its segments with the same list. */
    private static final Map<String, String> FORMATS = Map.of(
            "rtsp", "rtsp,rtp,sdp",
            "rtsps", "rtsp,rtp,sdp",
            "srt", "mpegts",
            "rtmp", "flv,live_flv",
            "rtmps", "flv,live_flv",
            "http", "mpegts,hls,mpjpeg,flv,mov,aac,mp3",
            "https", "mpegts,hls,mpjpeg,flv,mov,aac,mp3");

    private static final Pattern DEVICE = Pattern.compile("/dev/video\\d{1,3}|/dev/v4l/by-(id|path)/[A-Za-z0-9._:+-]{1,200}");
    private static final Pattern PIXEL_FORMAT = Pattern.compile("[a-z0-9_]{1,32}");
    private static final Pattern ALSA = Pattern.compile("(plug)?hw:(\\d{1,2}(,\\d{1,2})?|CARD=\\w{1,64}(,DEV=\\d{1,2})?)|default");
    private static final Pattern PULSE = Pattern.compile("[A-Za-z0-9._:@][A-Za-z0-9._:@-]{0,254}");
    /** V4L2 four-character codes as ffmpeg's input_format names. */
    private static final Map<String, String> FOURCC = Map.of(
            "yuyv", "yuyv422", "mjpg", "mjpeg", "h264", "h264", "nv12", "nv12", "yu12", "yuv420p",
            "uyvy", "uyvy422", "rgb3", "rgb24", "bgr3", "bgr24", "grey", "gray");

    private CaptureInputs() {}

    /** The inputs of {@code spec}, the test source's clock in this machine's time zone. */
    public static Input args(SourceSpec spec, Duration ioTimeout) {
        return args(spec, ioTimeout, Instant.now(), ZoneId.systemDefault());
    }

    /**
     * @param ioTimeout how long a network read or connection may stall before ffmpeg gives up
     * @param start     the test source's wall-clock start (its burnt-in time is start + frame time)
     */
    public static Input args(SourceSpec spec, Duration ioTimeout, Instant start, ZoneId zone) {
        LiveSettings s = spec.settings() == null ? LiveSettings.DEFAULT : spec.settings();
        List<String> a = new ArrayList<>();
        String audioMap;
        boolean optional = false;
        switch (spec.kind()) {
            case TEST -> {
                a.addAll(TestPattern.inputArgs(s, start, zone));
                audioMap = "1:a:0";
            }
            case DEVICE -> {
                a.addAll(deviceArgs(spec.address(), s));
                audioMap = null;
            }
            case NETWORK -> {
                a.addAll(networkArgs(spec.address(), spec.secretUserInfo(), s, ioTimeout));
                audioMap = "0:a:0?";
                optional = true;
            }
            default -> throw new IllegalStateException("kind " + spec.kind());
        }
        if (s.audio() != null && !s.audio().isBlank() && spec.kind() != org.thatdam.model.LiveSourceKind.TEST) {
            a.addAll(audioArgs(s.audio()));
            audioMap = "1:a:0"; // the paired input comes second
            optional = false;
        }
        return new Input(a, "0:v:0", audioMap, optional);
    }

    static List<String> deviceArgs(String path, LiveSettings s) {
        if (path == null || !DEVICE.matcher(path).matches() || path.contains("..")) {
            throw DamException.invalid("not a video device path: " + printable(path)
                    + " (expected /dev/videoN or /dev/v4l/by-id/…)");
        }
        List<String> a = new ArrayList<>(List.of("-f", "v4l2", "-thread_queue_size", "64"));
        if (s.format() != null && !s.format().isBlank()) {
            String f = s.format().strip().toLowerCase(Locale.ROOT);
            f = FOURCC.getOrDefault(f, f);
            if (!PIXEL_FORMAT.matcher(f).matches()) throw DamException.invalid("not a device format: " + printable(s.format()));
            a.addAll(List.of("-input_format", f));
        }
        if (s.width() != null || s.height() != null) {
            if (s.width() == null || s.height() == null) throw DamException.invalid("a size needs both width and height");
            checkSize(s.width(), s.height());
            a.addAll(List.of("-video_size", s.width() + "x" + s.height()));
        }
        if (s.rate() != null) a.addAll(List.of("-framerate", s.rate().toString()));
        a.addAll(List.of("-i", path));
        return a;
    }

    /** {@code alsa:hw:1,0} or {@code pulse:<source name>}. */
    static List<String> audioArgs(String id) {
        String v = id.strip();
        if (v.startsWith("alsa:") && ALSA.matcher(v.substring(5)).matches()) {
            return List.of("-f", "alsa", "-thread_queue_size", "512", "-i", v.substring(5));
        }
        if (v.startsWith("pulse:") && PULSE.matcher(v.substring(6)).matches()) {
            return List.of("-f", "pulse", "-thread_queue_size", "512", "-i", v.substring(6));
        }
        throw DamException.invalid("not an audio input: " + printable(id) + " (expected alsa:hw:CARD,DEV or pulse:NAME)");
    }

    static void checkSize(int w, int h) {
        if (w < 16 || h < 16 || w > 7680 || h > 4320) {
            throw DamException.invalid("a picture size must be between 16x16 and 7680x4320, not " + w + "x" + h);
        }
    }

    static List<String> networkArgs(String url, String userInfo, LiveSettings s, Duration ioTimeout) {
        URI u = checkUrl(url);
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        long micros = Math.max(1, ioTimeout.toMillis()) * 1000;
        List<String> a = new ArrayList<>();
        if (scheme.startsWith("rtsp")) {
            String transport = s.transport() == null || s.transport().isBlank() ? "tcp" : s.transport().strip();
            if (!transport.equals("tcp") && !transport.equals("udp")) {
                throw DamException.invalid("transport must be tcp or udp, not " + printable(s.transport()));
            }
            // rtsp opens its own connections (no AVIO): its socket timeout is -timeout
            a.addAll(List.of("-rtsp_transport", transport, "-timeout", Long.toString(micros), "-f", "rtsp"));
        } else {
            if (s.transport() != null && !s.transport().isBlank()) {
                throw DamException.invalid("a transport is only chosen for rtsp sources");
            }
            a.addAll(List.of("-rw_timeout", Long.toString(micros)));
            if (scheme.equals("srt")) a.addAll(List.of("-f", "mpegts"));
            if (scheme.startsWith("rtmp")) a.addAll(List.of("-f", "flv"));
        }
        a.addAll(List.of("-protocol_whitelist", PROTOCOLS.get(scheme), "-format_whitelist", FORMATS.get(scheme),
                "-fflags", "nobuffer", "-flags", "low_delay", "-probesize", "1000000", "-analyzeduration", "2000000",
                "-i", withUserInfo(u, userInfo)));
        return a;
    }

    /**
     * Checks a network source's URL: absolute, one of {@link #SCHEMES}, a host, no control characters
     * or spaces (also not percent-encoded ones, which a server would read as header breaks).
     */
    public static URI checkUrl(String url) {
        if (url == null || url.isBlank()) throw DamException.invalid("a URL is needed");
        if (url.length() > MAX_URL) throw DamException.invalid("the URL is longer than " + MAX_URL + " characters");
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x21 || c == 0x7f || (c >= 0x80 && Character.isISOControl(c))) {
                throw DamException.invalid("the URL contains a control character or a space at position " + (i + 1));
            }
        }
        if (Pattern.compile("%(0[0-9a-fA-F]|1[0-9a-fA-F]|7[fF])").matcher(url).find()) {
            throw DamException.invalid("the URL contains an encoded control character");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw DamException.invalid("the URL does not parse: " + e.getReason() + " at position " + (e.getIndex() + 1));
        }
        if (!u.isAbsolute() || u.isOpaque()) {
            throw DamException.invalid("the URL must be absolute, like rtsp://camera.local/stream");
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw DamException.invalid("the URL scheme " + scheme + ": is not allowed (allowed: "
                    + String.join(", ", SCHEMES) + ")");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) throw DamException.invalid("the URL has no host");
        if (u.getPort() == 0 || u.getPort() > 65535) throw DamException.invalid("the URL's port is not valid");
        return u;
    }

    /** The URL as it may be shown: without user, password, query or fragment. */
    public static String withoutSecrets(String url) {
        URI u = checkUrl(url);
        try {
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            throw DamException.invalid("the URL does not parse: " + e.getReason());
        }
    }

    /**
     * The URL with {@code user:password} (raw, as the user typed them) percent-encoded into it;
     * the URL's own user info when none is given.
     */
    static String withUserInfo(URI u, String userInfo) {
        if (userInfo == null || userInfo.isEmpty()) return u.toString();
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String info = encode(user) + (colon < 0 ? "" : ":" + encode(userInfo.substring(colon + 1)));
        String raw = u.getRawAuthority();
        int at = raw.lastIndexOf('@');
        String hostPort = at < 0 ? raw : raw.substring(at + 1);
        String s = u.toString();
        int authStart = s.indexOf("//") + 2;
        return s.substring(0, authStart) + info + "@" + hostPort + s.substring(authStart + raw.length());
    }

    /** Percent-encodes all but unreserved characters (RFC 3986). */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    /** A value as it may appear in a message: control characters replaced, cut at 80 characters. */
    static String printable(String s) {
        if (s == null) return "(none)";
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return "'" + (p.length() > 80 ? p.substring(0, 80) + "…" : p) + "'";
    }
}
