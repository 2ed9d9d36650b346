package org.thatdam.media.libav;

import static org.bytedeco.ffmpeg.global.avcodec.av_get_bits_per_sample;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_descriptor_get;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_profile_name;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_SHOW_IDS;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_sample_aspect_ratio;
import static org.bytedeco.ffmpeg.global.avformat.avio_size;
import static org.bytedeco.ffmpeg.global.avutil.AVCHROMA_LOC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_PRI_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_TRC_UNSPECIFIED;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_SUBTITLE;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_CHANNEL_ORDER_UNSPEC;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_UNKNOWN;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_describe;
import static org.bytedeco.ffmpeg.global.avutil.av_chroma_location_name;
import static org.bytedeco.ffmpeg.global.avutil.av_color_primaries_name;
import static org.bytedeco.ffmpeg.global.avutil.av_color_range_name;
import static org.bytedeco.ffmpeg.global.avutil.av_color_space_name;
import static org.bytedeco.ffmpeg.global.avutil.av_color_transfer_name;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_iterate;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_fourcc_make_string;
import static org.bytedeco.ffmpeg.global.avutil.av_get_media_type_string;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.AV_OPT_FLAG_EXPORT;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_get;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_next;
import static org.bytedeco.ffmpeg.global.avutil.av_reduce;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCPBProperties;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVContentLightMetadata;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVMasteringDisplayMetadata;
import org.bytedeco.ffmpeg.avutil.AVOption;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Technical metadata read in-process by libavformat, as the JSON {@code ffprobe -show_format
 * -show_streams} writes: the same open and stream analysis (ffprobe's defaults), then each field
 * derived as ffprobe 7.1 derives it (fftools/ffprobe.c show_stream / show_format), with its
 * spelling and number formats, the demuxer's exported options included. Of the streams' side data,
 * the display matrix, HDR mastering display and content light levels and the CPB properties are
 * spelled out; other kinds (Dolby Vision configuration, stereo 3D, spherical…) are named only. Fields ffprobe takes from an opened decoder (coded size, refs,
 * bits_per_raw_sample, the decoder's private options) are left out: opening decoders costs time
 * and nothing here reads them.
 */
public final class LibavProbe {

    /** ffprobe's order of the disposition flags. */
    private static final String[] DISPOSITION_NAMES = {"default", "dub", "original", "comment", "lyrics", "karaoke",
            "forced", "hearing_impaired", "visual_impaired", "clean_effects", "attached_pic", "timed_thumbnails",
            "non_diegetic", "captions", "descriptions", "metadata", "dependent", "still_image", "multilayer"};
    private static final int[] DISPOSITION_FLAGS = {avformat.AV_DISPOSITION_DEFAULT, avformat.AV_DISPOSITION_DUB,
            avformat.AV_DISPOSITION_ORIGINAL, avformat.AV_DISPOSITION_COMMENT, avformat.AV_DISPOSITION_LYRICS,
            avformat.AV_DISPOSITION_KARAOKE, avformat.AV_DISPOSITION_FORCED, avformat.AV_DISPOSITION_HEARING_IMPAIRED,
            avformat.AV_DISPOSITION_VISUAL_IMPAIRED, avformat.AV_DISPOSITION_CLEAN_EFFECTS,
            avformat.AV_DISPOSITION_ATTACHED_PIC, avformat.AV_DISPOSITION_TIMED_THUMBNAILS,
            avformat.AV_DISPOSITION_NON_DIEGETIC, avformat.AV_DISPOSITION_CAPTIONS,
            avformat.AV_DISPOSITION_DESCRIPTIONS, avformat.AV_DISPOSITION_METADATA,
            avformat.AV_DISPOSITION_DEPENDENT, avformat.AV_DISPOSITION_STILL_IMAGE,
            avformat.AV_DISPOSITION_MULTILAYER};

    private LibavProbe() {}

    /** The file's format and streams in ffprobe's JSON shape; a precise {@link org.thatdam.media.MediaException} when unreadable. */
    public static String probeJson(Path file) {
        try (LibavInput in = LibavInput.open(file)) {
            in.findStreamInfo();
            AVFormatContext ctx = in.context();
            ProbeJsonWriter w = new ProbeJsonWriter();
            w.beginArray("streams");
            for (int i = 0; i < ctx.nb_streams(); i++) {
                stream(w, ctx, ctx.streams(i));
            }
            w.endArray();
            format(w, ctx);
            return w.finish();
        }
    }

    private static void stream(ProbeJsonWriter w, AVFormatContext ctx, AVStream st) {
        AVCodecParameters par = st.codecpar();
        w.beginObject();
        w.integer("index", st.index());
        AVCodecDescriptor cd = avcodec_descriptor_get(par.codec_id());
        if (cd != null && !cd.isNull()) {
            w.string("codec_name", bytes(cd.name()));
            byte[] longName = bytes(cd.long_name());
            w.string("codec_long_name", longName != null ? ProbeJsonWriter.utf8(longName) : "unknown");
        }
        byte[] profile = bytes(avcodec_profile_name(par.codec_id(), par.profile()));
        if (profile != null) {
            w.string("profile", profile);
        } else if (par.profile() != AV_PROFILE_UNKNOWN) {
            w.string("profile", Integer.toString(par.profile()));
        }
        w.string("codec_type", bytes(av_get_media_type_string(par.codec_type())));
        byte[] fourcc = new byte[avutil.AV_FOURCC_MAX_STRING_SIZE];
        av_fourcc_make_string(fourcc, par.codec_tag());
        w.string("codec_tag_string", cString(fourcc));
        w.string("codec_tag", String.format("0x%04x", par.codec_tag()));

        switch (par.codec_type()) {
            case AVMEDIA_TYPE_VIDEO -> video(w, ctx, st, par);
            case AVMEDIA_TYPE_AUDIO -> {
                w.string("sample_fmt", bytes(av_get_sample_fmt_name(par.format())));
                w.string("sample_rate", Integer.toString(par.sample_rate()));
                w.integer("channels", par.ch_layout().nb_channels());
                if (par.ch_layout().order() != AV_CHANNEL_ORDER_UNSPEC) {
                    byte[] layout = new byte[128];
                    av_channel_layout_describe(par.ch_layout(), layout, layout.length);
                    w.string("channel_layout", cString(layout));
                }
                w.integer("bits_per_sample", av_get_bits_per_sample(par.codec_id()));
                w.integer("initial_padding", par.initial_padding());
            }
            case AVMEDIA_TYPE_SUBTITLE -> {
                if (par.width() != 0) w.integer("width", par.width());
                if (par.height() != 0) w.integer("height", par.height());
            }
            default -> { }
        }
        exported(w, ctx);

        if ((ctx.iformat().flags() & AVFMT_SHOW_IDS) != 0) {
            w.string("id", "0x" + Integer.toHexString(st.id()));
        }
        w.string("r_frame_rate", ratio(st.r_frame_rate(), '/'));
        w.string("avg_frame_rate", ratio(st.avg_frame_rate(), '/'));
        w.string("time_base", ratio(st.time_base(), '/'));
        if (st.start_time() != AV_NOPTS_VALUE) w.integer("start_pts", st.start_time());
        w.string("start_time", time(st.start_time(), st.time_base().num(), st.time_base().den()));
        if (st.duration() != AV_NOPTS_VALUE) w.integer("duration_ts", st.duration());
        w.string("duration", time(st.duration(), st.time_base().num(), st.time_base().den()));
        if (par.bit_rate() > 0) w.string("bit_rate", Long.toString(par.bit_rate()));
        if (st.nb_frames() != 0) w.string("nb_frames", Long.toString(st.nb_frames()));
        if (par.extradata_size() > 0) w.integer("extradata_size", par.extradata_size());

        w.beginObject("disposition");
        for (int i = 0; i < DISPOSITION_NAMES.length; i++) {
            w.integer(DISPOSITION_NAMES[i], (st.disposition() & DISPOSITION_FLAGS[i]) != 0 ? 1 : 0);
        }
        w.endObject();
        tags(w, st.metadata());
        sideData(w, par);
        w.endObject();
    }

    private static void video(ProbeJsonWriter w, AVFormatContext ctx, AVStream st, AVCodecParameters par) {
        w.integer("width", par.width());
        w.integer("height", par.height());
        w.integer("has_b_frames", par.video_delay());
        AVRational sar = av_guess_sample_aspect_ratio(ctx, st, null);
        if (sar.num() != 0) {
            w.string("sample_aspect_ratio", sar.num() + ":" + sar.den());
            int[] num = new int[1], den = new int[1];
            av_reduce(num, den, (long) par.width() * sar.num(), (long) par.height() * sar.den(), 1024 * 1024);
            w.string("display_aspect_ratio", num[0] + ":" + den[0]);
        }
        w.string("pix_fmt", bytes(av_get_pix_fmt_name(par.format())));
        w.integer("level", par.level());
        if (par.color_range() != AVCOL_RANGE_UNSPECIFIED) w.string("color_range", bytes(av_color_range_name(par.color_range())));
        if (par.color_space() != AVCOL_SPC_UNSPECIFIED) w.string("color_space", bytes(av_color_space_name(par.color_space())));
        if (par.color_trc() != AVCOL_TRC_UNSPECIFIED) w.string("color_transfer", bytes(av_color_transfer_name(par.color_trc())));
        if (par.color_primaries() != AVCOL_PRI_UNSPECIFIED) {
            w.string("color_primaries", bytes(av_color_primaries_name(par.color_primaries())));
        }
        if (par.chroma_location() != AVCHROMA_LOC_UNSPECIFIED) {
            w.string("chroma_location", bytes(av_chroma_location_name(par.chroma_location())));
        }
        w.string("field_order", switch (par.field_order()) {
            case avcodec.AV_FIELD_PROGRESSIVE -> "progressive";
            case avcodec.AV_FIELD_TT -> "tt";
            case avcodec.AV_FIELD_BB -> "bb";
            case avcodec.AV_FIELD_TB -> "tb";
            case avcodec.AV_FIELD_BT -> "bt";
            default -> null;
        });
    }

    /** The demuxer's exported options (MPEG-TS: ts_id, ts_packetsize), repeated in every stream as ffprobe does. */
    private static void exported(ProbeJsonWriter w, AVFormatContext ctx) {
        AVInputFormat f = ctx.iformat();
        Pointer priv = ctx.priv_data();
        if (f.priv_class() == null || f.priv_class().isNull() || priv == null || priv.isNull()) return;
        for (AVOption opt = av_opt_next(priv, null); opt != null && !opt.isNull(); opt = av_opt_next(priv, opt)) {
            if ((opt.flags() & AV_OPT_FLAG_EXPORT) == 0) continue;
            try (PointerPointer<BytePointer> out = new PointerPointer<>(1)) {
                if (av_opt_get(priv, opt.name(), 0, out) >= 0) {
                    BytePointer value = out.get(BytePointer.class, 0);
                    w.string(ProbeJsonWriter.utf8(bytes(opt.name())), bytes(value));
                    av_free(value);
                }
            }
        }
    }

    private static void format(ProbeJsonWriter w, AVFormatContext ctx) {
        w.beginObject("format");
        w.string("filename", bytes(ctx.url()));
        w.integer("nb_streams", ctx.nb_streams());
        w.integer("nb_programs", ctx.nb_programs());
        w.integer("nb_stream_groups", ctx.nb_stream_groups());
        w.string("format_name", bytes(ctx.iformat().name()));
        byte[] longName = bytes(ctx.iformat().long_name());
        w.string("format_long_name", longName != null ? ProbeJsonWriter.utf8(longName) : null);
        w.string("start_time", time(ctx.start_time(), 1, AV_TIME_BASE));
        w.string("duration", time(ctx.duration(), 1, AV_TIME_BASE));
        long size = ctx.pb() == null || ctx.pb().isNull() ? -1 : avio_size(ctx.pb());
        if (size >= 0) w.string("size", Long.toString(size));
        if (ctx.bit_rate() > 0) w.string("bit_rate", Long.toString(ctx.bit_rate()));
        w.integer("probe_score", ctx.probe_score());
        tags(w, ctx.metadata());
        w.endObject();
    }

    /** Every entry in libav's order; no "tags" object when there are none. */
    private static void tags(ProbeJsonWriter w, AVDictionary dict) {
        if (dict == null || dict.isNull()) return;
        w.beginObject("tags");
        for (AVDictionaryEntry e = av_dict_iterate(dict, null); e != null && !e.isNull(); e = av_dict_iterate(dict, e)) {
            w.string(ProbeJsonWriter.utf8(bytes(e.key())), bytes(e.value()));
        }
        w.endObject();
    }

    /** The stream's coded side data; a display matrix with its rotation (counter-clockwise degrees, as ffprobe). */
    private static void sideData(ProbeJsonWriter w, AVCodecParameters par) {
        int n = par.nb_coded_side_data();
        if (n <= 0) return;
        w.beginArray("side_data_list");
        AVPacketSideData all = par.coded_side_data();
        for (int i = 0; i < n; i++) {
            AVPacketSideData sd = all.getPointer(i);
            w.beginObject();
            byte[] name = bytes(av_packet_side_data_name(sd.type()));
            w.string("side_data_type", name != null ? ProbeJsonWriter.utf8(name) : "unknown");
            if (sd.type() == avcodec.AV_PKT_DATA_DISPLAYMATRIX && sd.size() >= 9 * 4) {
                IntPointer matrix = new IntPointer(sd.data());
                StringBuilder dump = new StringBuilder("\n");
                for (int row = 0; row < 3; row++) {
                    dump.append(String.format("%08x: ", row));
                    for (int col = 0; col < 3; col++) {
                        dump.append(String.format(" %11d", matrix.get(row * 3 + col)));
                    }
                    dump.append('\n');
                }
                w.string("displaymatrix", dump.toString());
                double rotation = av_display_rotation_get(matrix);
                w.integer("rotation", Double.isNaN(rotation) ? 0 : (long) rotation);
            } else if (sd.type() == avcodec.AV_PKT_DATA_MASTERING_DISPLAY_METADATA) {
                AVMasteringDisplayMetadata m = new AVMasteringDisplayMetadata(sd.data());
                if (m.has_primaries() != 0) {
                    String[] colours = {"red", "green", "blue"};
                    for (int c = 0; c < 3; c++) {
                        w.string(colours[c] + "_x", ratio(m.display_primaries(c, 0), '/'));
                        w.string(colours[c] + "_y", ratio(m.display_primaries(c, 1), '/'));
                    }
                    w.string("white_point_x", ratio(m.white_point(0), '/'));
                    w.string("white_point_y", ratio(m.white_point(1), '/'));
                }
                if (m.has_luminance() != 0) {
                    w.string("min_luminance", ratio(m.min_luminance(), '/'));
                    w.string("max_luminance", ratio(m.max_luminance(), '/'));
                }
            } else if (sd.type() == avcodec.AV_PKT_DATA_CONTENT_LIGHT_LEVEL) {
                AVContentLightMetadata l = new AVContentLightMetadata(sd.data());
                w.integer("max_content", Integer.toUnsignedLong(l.MaxCLL()));
                w.integer("max_average", Integer.toUnsignedLong(l.MaxFALL()));
            } else if (sd.type() == avcodec.AV_PKT_DATA_CPB_PROPERTIES) {
                AVCPBProperties cpb = new AVCPBProperties(sd.data());
                w.integer("max_bitrate", cpb.max_bitrate());
                w.integer("min_bitrate", cpb.min_bitrate());
                w.integer("avg_bitrate", cpb.avg_bitrate());
                w.integer("buffer_size", cpb.buffer_size());
                w.integer("vbv_delay", cpb.vbv_delay());
            }
            w.endObject();
        }
        w.endArray();
    }

    /** ffprobe's print_time: N/A (left out) for no timestamp, else seconds as "%f". */
    private static String time(long ts, int num, int den) {
        if (ts == AV_NOPTS_VALUE) return null;
        return ProbeJsonWriter.cDouble(ts * ((double) num / den));
    }

    private static String ratio(AVRational r, char sep) {
        return r.num() + String.valueOf(sep) + r.den();
    }

    /** A C string's bytes; null for a null pointer. */
    private static byte[] bytes(BytePointer p) {
        return p == null || p.isNull() ? null : p.getStringBytes();
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return ProbeJsonWriter.utf8(java.util.Arrays.copyOf(buf, n));
    }
}
