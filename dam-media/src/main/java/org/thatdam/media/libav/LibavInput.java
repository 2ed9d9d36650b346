package org.thatdam.media.libav;

import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.MediaInput;

/**
 * A user's file opened by libavformat in this process, under exactly the rules a child ffmpeg gets
 * ({@link MediaInput#plan}: text refused before opening, allow-listed demuxers, the {@code file}
 * protocol only, no QuickTime external references, no image2 patterns). Not thread-safe: one
 * thread uses an input at a time. Closing frees everything libav allocated for it.
 */
public final class LibavInput implements AutoCloseable {

    private final Path file;
    private AVFormatContext ctx;

    private LibavInput(Path file, AVFormatContext ctx) {
        this.file = file;
        this.ctx = ctx;
    }

    /**
     * Opens {@code file} (reads its header; streams may still lack parameters until
     * {@link #findStreamInfo()}).
     *
     * @throws MediaInput.NotMediaException for a manifest, playlist or list, not opened
     * @throws MediaException               when libav cannot open it, with libav's reason
     */
    public static LibavInput open(Path file) {
        MediaInput.checkReadable(file);
        MediaInput.OpenPlan plan = MediaInput.plan(file);
        LibavLog.install();
        LibavLog.clear();
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "protocol_whitelist", "file", 0);
        av_dict_set(options, "format_whitelist", plan.formatWhitelist(), 0);
        // ffmpeg and ffprobe both set it: an MPEG-TS whose program tables come late still shows all its streams
        av_dict_set(options, "scan_all_pmts", "1", 0);
        if (plan.quickTime()) {
            av_dict_set(options, "enable_drefs", "0", 0);
        }
        AVInputFormat forced = null;
        if (plan.forcedFormat() != null) {
            forced = av_find_input_format(plan.forcedFormat());
        }
        AVFormatContext ctx = new AVFormatContext(null);
        try {
            int r = avformat_open_input(ctx, plan.url(), forced, options);
            if (r < 0) {
                throw failure("not readable as media", r, file);
            }
        } finally {
            av_dict_free(options);
        }
        return new LibavInput(file, ctx);
    }

    /** Reads the start of the streams for the parameters the header lacks, as ffprobe does before it reports. */
    public void findStreamInfo() {
        LibavLog.clear();
        int r = avformat_find_stream_info(context(), (PointerPointer<?>) null);
        if (r < 0) {
            throw failure("not readable as media", r, file);
        }
    }

    /** The open format context: valid until {@link #close()}. */
    public AVFormatContext context() {
        if (ctx == null) {
            throw new IllegalStateException("closed");
        }
        return ctx;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        if (ctx != null) {
            avformat_close_input(ctx);
            ctx = null;
        }
    }

    /**
     * "{@code what}: cause" from what libav logged on this thread and the error code, in the same
     * words (and with the same explanations) as a failed ffmpeg run.
     */
    public static MediaException failure(String what, int errorCode, Path file) {
        List<String> lines = LibavLog.lines();
        String said = String.join("\n", lines);
        String cause = FfmpegFailure.summary(said.isEmpty() ? LibavLog.describe(errorCode)
                : said + "\n" + LibavLog.describe(errorCode), 1);
        return new MediaException(what + ": " + org.thatdam.media.ffmpeg.FileArg.clean(cause, file));
    }
}
