package org.thatdam.media.derive;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.StreamInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.storage.AtomicFiles;

/**
 * A browser-playable copy of an asset: H.264 (High, yuv420p) at most {@value #MAX_LONG_SIDE}
 * pixels on its long side, AAC stereo 128 kbit/s, MP4 with the index in front ({@code +faststart})
 * so playback starts before the download ends; audio-only files become AAC in .m4a.
 * {@link #plan} first says whether the original can be played as it is.
 */
public final class ProxyMaker {

    public static final int MAX_LONG_SIDE = 1280; // "720p"
    public static final long MAX_REUSE_BIT_RATE = 8_000_000;
    static final int MAX_FPS = 60;
    private static final Set<String> VIDEO_CONTAINERS = Set.of("mp4", "mov", "webm");
    private static final Set<String> BROWSER_AUDIO = Set.of("aac", "mp3", "opus", "vorbis");
    private static final Set<String> AUDIO_CODECS_AS_IS = Set.of("mp3", "aac");
    private static final Set<String> AUDIO_CONTAINERS_AS_IS = Set.of("mp3", "m4a", "mp4");
    private static final Set<String> H264_PIXEL_FORMATS = Set.of("yuv420p", "yuvj420p");

    private final FfmpegTools tools;
    private final Duration timeout;

    public ProxyMaker(FfmpegTools tools, Duration timeout) {
        this.tools = tools;
        this.timeout = timeout;
    }

    /**
     * Whether Chromium plays the original as is: an mp4/mov/webm container with H.264 (8-bit 4:2:0)
     * or VP8/VP9 video, AAC/MP3/Opus/Vorbis or no audio, long side at most {@value #MAX_LONG_SIDE}
     * and a known bit rate of at most 8 Mbit/s. Audio-only files are reused when they are MP3 or
     * AAC in an mp3/m4a/mp4 file, else get an .m4a proxy. Images get no proxy.
     */
    public static ProxyPlan plan(MediaInfo info) {
        if (info == null || info.kind() == null) {
            return new ProxyPlan(false, false, "nothing is known about the file");
        }
        String container = lower(info.container());
        if (info.kind() == AssetKind.IMAGE || info.kind() == AssetKind.OTHER) {
            return new ProxyPlan(false, false, "no proxy for a file of kind " + info.kind().id());
        }
        if (info.kind() == AssetKind.AUDIO || info.videoCodec() == null) {
            String codec = lower(info.audioCodec());
            if (codec != null && AUDIO_CODECS_AS_IS.contains(codec) && container != null
                    && AUDIO_CONTAINERS_AS_IS.contains(container)) {
                return new ProxyPlan(true, true, "plays in browsers as is: " + codec + " in " + container);
            }
            return new ProxyPlan(false, true, "audio " + (codec == null ? "of unknown codec" : codec) + " in "
                    + (container == null ? "an unknown container" : container)
                    + " does not play in every browser: AAC in .m4a");
        }
        List<String> problems = new ArrayList<>();
        if (container == null || !VIDEO_CONTAINERS.contains(container)) {
            problems.add("container " + (container == null ? "unknown" : container) + " is not mp4, mov or webm");
        }
        String video = lower(info.videoCodec());
        String pixFmt = videoPixelFormat(info);
        switch (video) {
            case "h264" -> {
                if (pixFmt == null || !H264_PIXEL_FORMATS.contains(pixFmt)) {
                    problems.add("H.264 in pixel format " + (pixFmt == null ? "unknown" : pixFmt)
                            + " (browsers need 8-bit 4:2:0)");
                }
            }
            case "vp8", "vp9" -> { /* browsers decode these in software */ }
            default -> problems.add("video codec " + video + " does not play in browsers");
        }
        String audio = lower(info.audioCodec());
        if (audio != null && !BROWSER_AUDIO.contains(audio)) {
            problems.add("audio codec " + audio + " does not play in browsers");
        }
        if (info.width() == null || info.height() == null) {
            problems.add("picture size unknown");
        } else if (Math.max(info.width(), info.height()) > MAX_LONG_SIDE) {
            problems.add(info.width() + "x" + info.height() + " is larger than " + MAX_LONG_SIDE + " px");
        }
        if (info.bitRate() == null || info.bitRate() <= 0) {
            problems.add("bit rate unknown");
        } else if (info.bitRate() > MAX_REUSE_BIT_RATE) {
            problems.add(String.format(Locale.ROOT, "%.1f Mbit/s is above %d", info.bitRate() / 1e6,
                    MAX_REUSE_BIT_RATE / 1_000_000));
        }
        if (problems.isEmpty()) {
            return new ProxyPlan(true, false, String.format(Locale.ROOT, "plays in browsers as is: %s, %s%s/%s, %dx%d, %.1f Mbit/s",
                    container, video, pixFmt == null ? "" : " " + pixFmt, audio == null ? "no audio" : audio,
                    info.width(), info.height(), info.bitRate() / 1e6));
        }
        return new ProxyPlan(false, false, "needs a proxy: " + String.join("; ", problems));
    }

    /** Pixel format of the stream {@link MediaInfo#videoCodec()} describes (first video stream of that codec). */
    private static String videoPixelFormat(MediaInfo info) {
        for (StreamInfo s : info.streams()) {
            if ("video".equals(s.type()) && info.videoCodec().equals(s.codec()) && s.pixFmt() != null) {
                return lower(s.pixFmt());
            }
        }
        return null;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /**
     * Encodes the proxy to {@code out} (for audio-only input: {@code out} with the extension
     * .m4a, see {@link ProxyResult#file()}). Only the first video stream (cover art is skipped) and
     * the first audio stream, if any, are kept; rotation is applied to the pictures, so the proxy
     * needs no rotation flag; more than {@value #MAX_FPS} frames per second are thinned out.
     * Atomic: a temporary sibling with the same extension is committed when ffmpeg succeeded and the
     * result probed as expected; a failure or cancel removes it.
     */
    public ProxyResult make(Path input, MediaInfo info, Path out, String videoEncoder, ProgressListener progress,
                            BooleanSupplier cancel) {
        MediaInput.checkReadable(input);
        MediaInfo m = Support.complete(info, tools, timeout, input);
        if (m.kind() != AssetKind.VIDEO && m.kind() != AssetKind.AUDIO) {
            throw new MediaException("no proxy for a file of kind " + m.kind().id());
        }
        boolean audioOnly = m.kind() == AssetKind.AUDIO || m.videoCodec() == null;
        String encoder = audioOnly ? null : Encoders.checkName(videoEncoder == null ? HwAccel.SOFTWARE : videoEncoder);
        Path target = audioOnly ? withExtension(out, "m4a") : out;
        if (target.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            throw new MediaException("the proxy cannot replace its original");
        }
        ToolRunner.checkCancelled(cancel);

        FfmpegArgs args = FfmpegArgs.ffmpeg().progress();
        Size size = null;
        if (!audioOnly) {
            size = Support.fit(Support.displaySize(m), MAX_LONG_SIDE);
            args.addAll(Encoders.globalArgs(encoder));
        }
        args.input(input);
        if (audioOnly) {
            args.add("-map", "0:a:0", "-vn");
        } else {
            args.add("-map", "0:V:0", "-map", "0:a:0?",
                    "-vf", "scale=" + size.width() + ":" + size.height() + ":flags=bicubic,setsar=1,"
                            + Encoders.filterTail(encoder),
                    "-fpsmax", String.valueOf(MAX_FPS));
            args.addAll(Encoders.codecArgs(encoder));
        }
        args.add("-c:a", "aac", "-b:a", "128k", "-ac", "2", "-sn", "-dn",
                "-movflags", "+faststart", "-f", audioOnly ? "ipod" : "mp4");

        Path tmp = null;
        try {
            tmp = Support.temp(target, Support.newTaken());
            args.output(tmp);
            double duration = m.durationSec() == null ? 0 : m.durationSec();
            FfmpegProgress fp = new FfmpegProgress(duration, progress);
            ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, fp::accept, cancel);
            if (!r.ok()) {
                throw FfmpegFailure.of("cannot make a proxy", r, input);
            }
            ToolRunner.checkCancelled(cancel);
            MediaInfo p;
            try {
                p = new MediaProber(tools, timeout).probe(tmp);
            } catch (MediaException e) {
                throw new MediaException("the proxy ffmpeg wrote is not readable: " + e.getMessage(), e);
            }
            if (!audioOnly && !"h264".equals(p.videoCodec())) {
                throw new MediaException("cannot make a proxy: no video frame could be decoded");
            }
            if (audioOnly && !"aac".equals(p.audioCodec())) {
                throw new MediaException("cannot make a proxy: no audio could be decoded");
            }
            ToolRunner.checkCancelled(cancel);
            AtomicFiles.commit(tmp, target);
            Size written = p.width() != null && p.height() != null ? new Size(p.width(), p.height()) : null;
            return new ProxyResult(target, written, p.durationSec() == null ? 0 : p.durationSec(), encoder);
        } catch (IOException e) {
            throw Support.io("cannot write the proxy", e);
        } finally {
            Support.deleteQuietly(tmp);
        }
    }

    static Path withExtension(Path p, String ext) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return p.resolveSibling(base + "." + ext);
    }
}
