package org.thatdam.media.libav;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU601;
import static org.bytedeco.ffmpeg.global.swscale.SWS_LANCZOS;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.thatdam.media.MediaException;

/**
 * JPEG files from pictures we decoded ourselves, with libavcodec's mjpeg encoder: the same encoder
 * and quality scale as {@code ffmpeg -c:v mjpeg -q:v N}, several times faster than ImageIO's. Only
 * our own pixels pass here (never a user's file), so this runs in the calling process.
 */
public final class LibavJpeg {

    private LibavJpeg() {}

    /**
     * Writes packed RGB24 pixels ({@code width x height}) to {@code file} as a JPEG of
     * {@code outWidth x outHeight} (lanczos when it differs), at ffmpeg's {@code -q:v qscale}
     * (2 best .. 31).
     */
    public static void write(byte[] rgb, int width, int height, int outWidth, int outHeight, int qscale, Path file)
            throws IOException {
        if (rgb.length < width * height * 3) {
            throw new MediaException("cannot write a JPEG: the picture is cut short");
        }
        LibavLog.install(); // libav's complaints are kept, not printed
        AVCodec encoder = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
        if (encoder == null || encoder.isNull()) {
            throw new MediaException("cannot write a JPEG: the media libraries have no JPEG encoder");
        }
        SwsContext sws = null;
        AVFrame yuv = av_frame_alloc();
        AVCodecContext ctx = avcodec_alloc_context3(encoder);
        AVPacket packet = av_packet_alloc();
        try (BytePointer src = new BytePointer(rgb);
             PointerPointer<BytePointer> srcPlanes = new PointerPointer<>(4);
             IntPointer srcStride = new IntPointer(new int[] {width * 3, 0, 0, 0})) {
            srcPlanes.put(0, src);
            yuv.format(AV_PIX_FMT_YUV420P).width(outWidth).height(outHeight).color_range(AVCOL_RANGE_JPEG);
            check(av_frame_get_buffer(yuv, 0), "cannot write a JPEG");
            sws = sws_getCachedContext(null, width, height, AV_PIX_FMT_RGB24, outWidth, outHeight,
                    AV_PIX_FMT_YUV420P, SWS_LANCZOS, null, null, (DoublePointer) null);
            if (sws == null || sws.isNull()) {
                throw new MediaException("cannot write a JPEG: cannot convert the picture");
            }
            // Full range out, as a JPEG's YCbCr is (the colour range flags say so to the encoder).
            IntPointer bt601 = sws_getCoefficients(SWS_CS_ITU601);
            sws_setColorspaceDetails(sws, bt601, 1, bt601, 1, 0, 1 << 16, 1 << 16);
            sws_scale(sws, srcPlanes, srcStride, 0, height, yuv.data(), yuv.linesize());

            ctx.width(outWidth).height(outHeight).pix_fmt(AV_PIX_FMT_YUV420P).color_range(AVCOL_RANGE_JPEG);
            ctx.time_base(new AVRational().num(1).den(25));
            ctx.flags(ctx.flags() | AV_CODEC_FLAG_QSCALE);
            ctx.global_quality(qscale * FF_QP2LAMBDA);
            ctx.thread_count(1);
            check(avcodec_open2(ctx, encoder, (PointerPointer<?>) null), "cannot write a JPEG");
            yuv.quality(ctx.global_quality()).pts(0);
            check(avcodec_send_frame(ctx, yuv), "cannot write a JPEG");
            check(avcodec_send_frame(ctx, null), "cannot write a JPEG");
            check(avcodec_receive_packet(ctx, packet), "cannot write a JPEG");
            byte[] jpeg = new byte[packet.size()];
            packet.data().get(jpeg);
            Files.write(file, jpeg);
        } finally {
            if (sws != null) sws_freeContext(sws);
            av_packet_free(packet);
            avcodec_free_context(ctx);
            av_frame_free(yuv);
        }
    }

    private static void check(int r, String what) {
        if (r < 0) {
            throw new MediaException(what + ": " + LibavLog.describe(r));
        }
    }
}
