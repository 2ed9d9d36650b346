package org.thatdam.media.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.libav.DecodedFrame;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * The conversation between the pool and a worker over the worker's stdin and stdout: length-prefixed
 * messages, each a small JSON header (its {@code type} says what it is) and an optional binary payload
 * (a frame's pixels).
 *
 * <p>To the worker: {@code ping}, {@code probe {file}}, {@code frames {file, request}}, and during a
 * frames request {@code go} (a lazy request's next frame) or {@code stop}. From the worker: {@code pong},
 * {@code probed {json}}, {@code frame {…} + pixels}, {@code done {count}}, {@code error {code, kind, message}}.
 */
final class WorkerProtocol {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A probe answer of a sane file is far smaller (ffprobe's runs allow 32 MiB of output). */
    private static final int MAX_HEADER = 48 * 1024 * 1024;
    /** An 8K RGB picture is about 100 MB. */
    private static final int MAX_PAYLOAD = 256 * 1024 * 1024;

    static final String PING = "ping", PONG = "pong", PROBE = "probe", PROBED = "probed", FRAMES = "frames",
            FRAME = "frame", GO = "go", STOP = "stop", DONE = "done", ERROR = "error";

    private WorkerProtocol() {}

    /** One message; {@code payload} is null when there is none. */
    record Message(ObjectNode header, byte[] payload) {
        String type() {
            return header.path("type").asText();
        }

        static Message of(String type) {
            ObjectNode h = JSON.createObjectNode();
            h.put("type", type);
            return new Message(h, null);
        }
    }

    static void write(DataOutputStream out, Message m) throws IOException {
        byte[] h = JSON.writeValueAsBytes(m.header());
        out.writeInt(h.length);
        out.write(h);
        out.writeInt(m.payload() == null ? -1 : m.payload().length);
        if (m.payload() != null) out.write(m.payload());
        out.flush();
    }

    /** The next message, or null at the end of the stream between messages. */
    static Message read(DataInputStream in) throws IOException {
        int n;
        try {
            n = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (n < 0 || n > MAX_HEADER) throw new IOException("bad message header length " + n);
        byte[] h = new byte[n];
        in.readFully(h); // straight into the array: a frame is megabytes
        int p = in.readInt();
        if (p < -1 || p > MAX_PAYLOAD) throw new IOException("bad message payload length " + p);
        byte[] payload = null;
        if (p >= 0) {
            payload = new byte[p];
            in.readFully(payload);
        }
        if (!(JSON.readTree(h) instanceof ObjectNode header)) throw new IOException("a message header is not an object");
        return new Message(header, payload);
    }

    // --- frames ---------------------------------------------------------------------------------

    static Message frameRequest(String file, FrameRequest r) {
        Message m = Message.of(FRAMES);
        m.header().put("file", file);
        m.header().set("request", JSON.valueToTree(r));
        return m;
    }

    static FrameRequest frameRequestOf(Message m) throws IOException {
        return JSON.treeToValue(m.header().get("request"), FrameRequest.class);
    }

    static Message frame(DecodedFrame f) {
        Message m = Message.of(FRAME);
        ObjectNode h = m.header();
        h.put("index", f.index());
        h.put("timeSec", f.timeSec());
        h.put("ptsSec", f.ptsSec());
        h.put("keyframe", f.keyframe());
        h.put("width", f.width());
        h.put("height", f.height());
        h.put("format", f.format().name());
        return new Message(h, f.pixels());
    }

    /** A frame from a worker, its size checked against its pixels (a worker is never trusted blindly). */
    static DecodedFrame frameOf(Message m) {
        ObjectNode h = m.header();
        FrameRequest.PixelFormat format;
        try {
            format = FrameRequest.PixelFormat.valueOf(h.path("format").asText());
        } catch (IllegalArgumentException e) {
            throw new MediaException("the media decoder sent a frame of an unknown format");
        }
        int w = h.path("width").asInt(), hgt = h.path("height").asInt();
        long bytes = (long) w * hgt * (format == FrameRequest.PixelFormat.RGB ? 3 : 1);
        byte[] pixels = m.payload() == null ? new byte[0] : m.payload();
        if (w <= 0 || hgt <= 0 || bytes != pixels.length) {
            throw new MediaException("the media decoder sent a malformed frame (" + w + "x" + hgt + ", "
                    + pixels.length + " bytes)");
        }
        return new DecodedFrame(h.path("index").asInt(), h.path("timeSec").asDouble(), h.path("ptsSec").asDouble(),
                h.path("keyframe").asBoolean(), w, hgt, format, pixels);
    }

    // --- errors ---------------------------------------------------------------------------------

    private static final String NOT_MEDIA = "not-media", MEDIA = "media", OTHER = "other";

    /** What went wrong in the worker, so that the caller gets the same typed exception as in-process. */
    static Message error(Throwable t) {
        Message m = Message.of(ERROR);
        ObjectNode h = m.header();
        if (t instanceof MediaInput.NotMediaException nm) {
            h.put("kind", NOT_MEDIA);
            h.put("notMedia", nm.kind());
            h.put("code", nm.code().name());
            h.put("message", nm.getMessage());
        } else if (t instanceof DamException de) {
            h.put("kind", de instanceof MediaException && de.code() == ErrorCode.BAD_MEDIA ? MEDIA : OTHER);
            h.put("code", de.code().name());
            h.put("message", de.getMessage());
        } else {
            // A bug of ours or of the bindings: said plainly, without JDK exception text.
            h.put("kind", MEDIA);
            h.put("code", ErrorCode.BAD_MEDIA.name());
            h.put("message", "the media decoder failed on this file (" + t.getClass().getSimpleName() + ")");
        }
        return m;
    }

    static DamException exceptionOf(Message m) {
        ObjectNode h = m.header();
        String message = h.path("message").asText("the media decoder failed on this file");
        return switch (h.path("kind").asText()) {
            case NOT_MEDIA -> new MediaInput.NotMediaException(h.path("notMedia").asText());
            case MEDIA -> new MediaException(message);
            default -> {
                ErrorCode code;
                try {
                    code = ErrorCode.valueOf(h.path("code").asText());
                } catch (IllegalArgumentException e) {
                    code = ErrorCode.INTERNAL;
                }
                yield new DamException(code, message);
            }
        };
    }
}
