package org.thatdam.media.libav;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_DEFAULT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.SWS_LANCZOS;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.DoublePointer;
import org.thatdam.media.MediaException;

/**
 * Turns decoded frames into tightly packed GRAY or RGB24 pictures of one fixed size with swscale
 * (the frame's own colour matrix and range honoured, as ffmpeg's scale filter does), then turns
 * them upright. Owns its native buffers; not thread-safe.
 */
final class FrameScaler implements AutoCloseable {

    private final int width, height; // of the picture handed over (after turning)
    private final int scaledW, scaledH; // what swscale writes (before turning)
    private final int channels;
    private final int pixFmt;
    private final int flags;
    private final Turn turn;
    private final BytePointer out;
    private final PointerPointer<BytePointer> outPlanes;
    private final IntPointer outStride;
    private SwsContext sws;
    private int lastSrcW = -1, lastSrcH = -1, lastSrcFmt = -1, lastRange = -1, lastSpace = -1;

    FrameScaler(int width, int height, FrameRequest.PixelFormat format, FrameRequest.Scaler scaler, Turn turn) {
        this.width = width;
        this.height = height;
        this.turn = turn;
        this.scaledW = turn.sideways() ? height : width;
        this.scaledH = turn.sideways() ? width : height;
        this.channels = format == FrameRequest.PixelFormat.GRAY ? 1 : 3;
        this.pixFmt = format == FrameRequest.PixelFormat.GRAY ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_RGB24;
        this.flags = switch (scaler) {
            case FAST_BILINEAR -> SWS_FAST_BILINEAR;
            case AREA -> SWS_AREA;
            case BICUBIC -> SWS_BICUBIC;
            case LANCZOS -> SWS_LANCZOS;
        };
        this.out = new BytePointer((long) scaledW * scaledH * channels);
        // swscale reads four planes and strides whatever the format
        this.outPlanes = new PointerPointer<>(4);
        this.outPlanes.put(0, out);
        this.outStride = new IntPointer(new int[] {scaledW * channels, 0, 0, 0});
    }

    int width() {
        return width;
    }

    /** The size swscale makes, before the picture is turned. */
    int scaledWidth() {
        return scaledW;
    }

    int scaledHeight() {
        return scaledH;
    }

    int height() {
        return height;
    }

    /** The frame scaled, converted and turned: a new array the caller owns. */
    byte[] convert(AVFrame f) {
        int w = f.width(), h = f.height(), fmt = f.format();
        if (w <= 0 || h <= 0 || fmt < 0) {
            throw new MediaException("cannot decode frames: the decoder returned an empty picture");
        }
        sws = sws_getCachedContext(sws, w, h, fmt, scaledW, scaledH, pixFmt, flags, null, null, (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            throw new MediaException("cannot decode frames: cannot convert pictures of this pixel format");
        }
        int range = f.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
        int space = f.colorspace() == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : f.colorspace();
        if (w != lastSrcW || h != lastSrcH || fmt != lastSrcFmt || range != lastRange || space != lastSpace) {
            // As the scale filter: the source's matrix and range in, full range out. A pixel format
            // that implies its range (yuvj*, gray) keeps what swscale derived from it.
            IntPointer coeffs = sws_getCoefficients(space);
            sws_setColorspaceDetails(sws, coeffs, range, coeffs, 1, 0, 1 << 16, 1 << 16);
            lastSrcW = w;
            lastSrcH = h;
            lastSrcFmt = fmt;
            lastRange = range;
            lastSpace = space;
        }
        int r = sws_scale(sws, f.data(), f.linesize(), 0, h, outPlanes, outStride);
        if (r <= 0) {
            throw new MediaException("cannot decode frames: a picture could not be converted");
        }
        byte[] px = new byte[scaledW * scaledH * channels];
        out.get(px);
        return turn.apply(px, scaledW, scaledH, channels);
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        outPlanes.close();
        outStride.close();
        out.close();
    }
}
