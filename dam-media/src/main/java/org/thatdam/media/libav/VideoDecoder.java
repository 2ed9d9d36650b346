package org.thatdam.media.libav;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_BIDIR;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONKEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_sample_aspect_ratio;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry_from_timestamp;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.thatdam.media.MediaException;

/**
 * The decoder of a file's main video stream (the first that is not cover art, as ffmpeg's
 * {@code 0:V:0}), frame by frame in display order, with times in seconds from the start of the
 * file as ffmpeg reports them (the container's start time subtracted). Owns its native objects;
 * not thread-safe.
 */
final class VideoDecoder implements AutoCloseable {

    /** AVERROR(EAGAIN) on the platforms we ship for. */
    private static final int EAGAIN = -11;
    /** AV_FRAME_FLAG_KEY. */
    private static final int FRAME_FLAG_KEY = 1 << 1;

    private final LibavInput input;
    private final AVFormatContext fmt;
    private final AVStream stream;
    private final int streamIndex;
    private final AVRational timeBase;
    private final double tb;
    /** The container's start in stream units: ffmpeg counts time from it. */
    private final long startTs;
    private AVCodecContext codec;
    private final AVCodec decoder;
    private final AVPacket packet;
    private final AVFrame frame;
    private boolean draining;
    private boolean ended;
    /** The last libav error met while reading or decoding (a damaged stream decodes on around it). */
    private int lastError;
    private long lastPacketDts = AV_NOPTS_VALUE;
    private long previousPts = AV_NOPTS_VALUE;

    /**
     * The decoder of the main video stream, ready to be {@linkplain #open opened}.
     *
     * @param threads decoder threads (1 for a frame or two; more for long runs)
     * @param skip    AVDISCARD_* of the frames not to decode (AVDISCARD_DEFAULT: all decoded)
     * @param skipLoopFilter whether to skip the in-loop deblocking filter (faster, softer)
     */
    VideoDecoder(LibavInput input, int threads, int skip, boolean skipLoopFilter) {
        this.input = input;
        this.fmt = input.context();
        this.streamIndex = mainVideoStream(fmt);
        if (streamIndex < 0) {
            throw new MediaException("cannot decode frames: the file has no video stream");
        }
        this.stream = fmt.streams(streamIndex);
        this.timeBase = stream.time_base();
        this.tb = timeBase.num() / (double) timeBase.den();
        long start = fmt.start_time();
        AVRational micro = new AVRational().num(1).den(1_000_000);
        this.startTs = start == AV_NOPTS_VALUE ? 0 : av_rescale_q(start, micro, timeBase);
        // Only the chosen stream is demuxed into packets the decoder sees; the others are dropped early.
        for (int i = 0; i < fmt.nb_streams(); i++) {
            if (i != streamIndex) fmt.streams(i).discard(AVDISCARD_ALL);
        }
        AVCodecParameters par = stream.codecpar();
        AVCodec decoder = avcodec_find_decoder(par.codec_id());
        if (decoder == null || decoder.isNull()) {
            throw new MediaException("cannot decode frames: no decoder for this video codec");
        }
        codec = avcodec_alloc_context3(decoder);
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
        LibavLog.clear();
        int r = avcodec_parameters_to_context(codec, par);
        if (r < 0) {
            close();
            throw LibavInput.failure("cannot decode frames", r, input.file());
        }
        codec.pkt_timebase(timeBase);
        codec.thread_count(threads);
        codec.skip_frame(skip);
        if (skipLoopFilter) {
            codec.skip_loop_filter(AVDISCARD_ALL);
        }
        this.decoder = decoder;
    }

    /**
     * Opens the decoder for pictures that will be shrunk to {@code width x height} (as stored): a
     * decoder that can decode at a half, a quarter or an eighth of the size (JPEG) does so when
     * that is still at least as large, which makes a photo's poster several times cheaper.
     */
    void open(int width, int height) {
        int lowres = 0;
        while (lowres < decoder.max_lowres() && (codedWidth() >> (lowres + 1)) >= width
                && (codedHeight() >> (lowres + 1)) >= height) {
            lowres++;
        }
        codec.lowres(lowres);
        LibavLog.clear();
        int r = avcodec_open2(codec, decoder, (PointerPointer<?>) null);
        if (r < 0) {
            throw LibavInput.failure("cannot decode frames", r, input.file());
        }
    }

    /** The first video stream that is not an attached picture, or -1. */
    static int mainVideoStream(AVFormatContext fmt) {
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVStream s = fmt.streams(i);
            if (s.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO
                    && (s.disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) == 0) {
                return i;
            }
        }
        return -1;
    }

    int codedWidth() {
        return stream.codecpar().width();
    }

    int codedHeight() {
        return stream.codecpar().height();
    }

    /** Pixel aspect ratio, 1 when unknown. */
    double sampleAspect() {
        AVRational sar = av_guess_sample_aspect_ratio(fmt, stream, null);
        return sar.num() > 0 && sar.den() > 0 ? sar.num() / (double) sar.den() : 1.0;
    }

    /** The stream's display matrix (9 ints), or null when it has none. */
    int[] displayMatrix() {
        AVCodecParameters par = stream.codecpar();
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 36) return null;
        int[] m = new int[9];
        new IntPointer(sd.data()).get(m);
        return m;
    }

    /** Rotation of a display matrix in degrees, counter-clockwise, as libavutil computes it. */
    static double rotationOf(int[] matrix) {
        return av_display_rotation_get(matrix);
    }

    /** A typical frame duration in seconds (1/25 when the stream does not say). */
    double frameDuration() {
        AVRational r = stream.avg_frame_rate();
        if (r.num() <= 0 || r.den() <= 0) r = stream.r_frame_rate();
        double fps = r.num() > 0 && r.den() > 0 ? r.num() / (double) r.den() : 25;
        return fps > 0 && fps < 1000 ? 1 / fps : 0.04;
    }

    AVRational timeBase() {
        return timeBase;
    }

    /** Stream units from ffmpeg's zero (the container's start) of a frame's timestamp. */
    long relativeTs(long pts) {
        return pts - startTs;
    }

    double seconds(long pts) {
        return (pts - startTs) * tb;
    }

    /**
     * The next decoded frame in display order (valid until the next call), or null at the end of
     * the stream. A frame without a timestamp gets its predecessor's plus one frame.
     */
    AVFrame next() {
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r == 0) {
                long pts = frame.best_effort_timestamp();
                if (pts == AV_NOPTS_VALUE) {
                    pts = previousPts == AV_NOPTS_VALUE ? startTs
                            : previousPts + Math.max(1, Math.round(frameDuration() / tb));
                    frame.best_effort_timestamp(pts);
                }
                previousPts = pts;
                return frame;
            }
            if (r == AVERROR_EOF) {
                ended = true;
                return null;
            }
            if (r != EAGAIN) {
                lastError = r; // a damaged frame: the decoder goes on with the next packet
                if (draining) {
                    ended = true;
                    return null;
                }
            }
            if (draining) {
                continue;
            }
            r = av_read_frame(fmt, packet);
            if (r < 0) {
                // The end, or damage the demuxer cannot pass: what was decoded so far stands, as with ffmpeg.
                if (r != AVERROR_EOF) lastError = r;
                draining = true;
                avcodec_send_packet(codec, null);
                continue;
            }
            if (packet.stream_index() == streamIndex) {
                if (packet.dts() != AV_NOPTS_VALUE) lastPacketDts = packet.dts();
                int s = avcodec_send_packet(codec, packet);
                if (s < 0 && s != EAGAIN) lastError = s;
            }
            av_packet_unref(packet);
        }
    }

    static boolean isKey(AVFrame f) {
        return (f.flags() & FRAME_FLAG_KEY) != 0;
    }

    /**
     * Stream timestamp of the key frame at or before {@code sec} from the demuxer's index, or
     * AV_NOPTS_VALUE when the file has no index to tell.
     */
    long keyFrameBefore(double sec) {
        AVIndexEntry e = avformat_index_get_entry_from_timestamp(stream, toTs(sec), AVSEEK_FLAG_BACKWARD);
        return e == null || e.isNull() ? AV_NOPTS_VALUE : e.timestamp();
    }

    /** The dts of the last packet of this stream handed to the decoder (AV_NOPTS_VALUE before the first). */
    long readPosition() {
        return lastPacketDts;
    }

    /** Jumps to the key frame at or before {@code sec}; false when the file cannot seek (decoding goes on from here). */
    boolean seek(double sec) {
        int r = av_seek_frame(fmt, streamIndex, toTs(Math.max(0, sec)), AVSEEK_FLAG_BACKWARD);
        if (r < 0) return false;
        avcodec_flush_buffers(codec);
        draining = false;
        ended = false;
        lastPacketDts = AV_NOPTS_VALUE;
        previousPts = AV_NOPTS_VALUE;
        return true;
    }

    private long toTs(double sec) {
        return startTs + (long) Math.floor(sec / tb);
    }

    boolean ended() {
        return ended;
    }

    /** The last error libav reported (0 when none): explains a file that gave no frame. */
    int lastError() {
        return lastError;
    }

    LibavInput input() {
        return input;
    }

    static int skipMode(boolean keyframesOnly, boolean fast) {
        if (keyframesOnly) return AVDISCARD_NONKEY;
        if (fast) return AVDISCARD_BIDIR;
        return org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
    }

    @Override
    public void close() {
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (packet != null) av_packet_free(packet);
        if (frame != null) av_frame_free(frame);
    }
}
