package org.thatdam.media.libav;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * What libav* says while it works in this process, kept per calling thread, so that a failed open
 * or decode is explained with the library's own words (as ffmpeg's stderr explains a failed run)
 * instead of a bare error number. Only errors are kept: warnings about a damaged stream that still
 * decodes are noise. Nothing is printed.
 */
public final class LibavLog {

    /** Lines kept per thread: the cause is in the last few. */
    static final int KEPT = 16;

    private static final ThreadLocal<Deque<String>> LINES = ThreadLocal.withInitial(ArrayDeque::new);
    private static volatile boolean installed;
    /** Held for ever: libav keeps calling the native function this object owns. */
    private static LogCallback callback;

    private LibavLog() {}

    /** Routes libav's log into this class; once per process, before the first open. */
    public static void install() {
        if (installed) return;
        synchronized (LibavLog.class) {
            if (installed) return;
            Libav.load();
            callback = new LogCallback() {
                @Override
                public void call(int level, BytePointer msg) {
                    if (level > avutil.AV_LOG_ERROR || msg == null || msg.isNull()) return;
                    String line = msg.getString().strip();
                    if (line.isEmpty()) return;
                    Deque<String> d = LINES.get();
                    if (d.size() == KEPT) d.removeFirst();
                    d.addLast(line);
                }
            };
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            avutil.setLogCallback(callback);
            installed = true;
        }
    }

    /** Forgets what this thread was told so far: call before an operation whose failure is to be explained. */
    public static void clear() {
        LINES.get().clear();
    }

    /** What libav said on this thread since the last {@link #clear()}, oldest first. */
    public static List<String> lines() {
        return new ArrayList<>(LINES.get());
    }

    /** libav's text for a negative error code, e.g. "Invalid data found when processing input". */
    public static String describe(int errorCode) {
        byte[] buf = new byte[256];
        if (avutil.av_strerror(errorCode, buf, buf.length) < 0) {
            return "error " + errorCode;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
