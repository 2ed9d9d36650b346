package org.thatdam.media.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.jpeg.xmp.JpegXmpRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoAscii;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

/**
 * Small real media files made by the bundled ffmpeg for tests: generated once per argument list
 * into a cache directory (named by a hash of the arguments, so changing a recipe regenerates it),
 * then copied wherever a test wants them.
 */
public final class TestMedia {

    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "dam-test-media");

    private TestMedia() {}

    /** 2 s 320x240 H.264 + AAC stereo MP4 with a moving test pattern. */
    public static Path h264Mp4() {
        return make("h264.mp4", lavfiVideo(2, "320x240", 25), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart");
    }

    /** Same length, H.264 in Matroska with an MP3 track and a title tag. */
    public static Path mkv() {
        return make("clip.mkv", lavfiVideo(2, "256x144", 30), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "libmp3lame", "-shortest", "-metadata", "title=Matroska sample");
    }

    /** VP9 + Opus WebM. */
    public static Path webm() {
        return make("clip.webm", lavfiVideo(1, "160x120", 15), "-c:v", "libvpx-vp9", "-deadline", "realtime",
                "-cpu-used", "8", "-b:v", "200k", "-c:a", "libopus", "-shortest");
    }

    /** A 1920x1080 clip flagged as shot in portrait: display rotation 90° clockwise (phone style). */
    public static Path rotatedMov() {
        Path landscape = make("landscape-src.mp4", lavfiVideo(1, "640x360", 25), "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        return makeFrom("rotated.mov", List.of("-display_rotation:v:0", "-90", "-i", landscape.toString()),
                "-c", "copy", "-metadata", "creation_time=2024-03-05T10:20:30Z",
                "-metadata", "location=+48.8584+002.2945/");
    }

    /**
     * Like {@link #rotatedMov()} (displayed rotated 90° clockwise), but a black 320x180 picture with a
     * white 80x45 block in its coded top-left corner: upright, the block is in the top-right corner.
     */
    public static Path rotatedCornerMov() {
        Path coded = makeFrom("corner-src.mp4", List.of("-f", "lavfi", "-i", "color=c=black:s=320x180:r=25:d=1"),
                "-vf", "drawbox=x=0:y=0:w=80:h=45:color=white:t=fill", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p");
        return makeFrom("corner-rotated.mov", List.of("-display_rotation:v:0", "-90", "-i", coded.toString()),
                "-c", "copy");
    }

    /** A 0.3 s clip. */
    public static Path shortClip() {
        return make("short.mp4", lavfiVideo(0.3, "160x120", 30), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    public static Path mp3() {
        return makeFrom("tone.mp3", List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=2"),
                "-c:a", "libmp3lame", "-b:a", "64k");
    }

    public static Path wav() {
        return makeFrom("tone.wav", List.of("-f", "lavfi", "-i", "sine=frequency=660:duration=1:sample_rate=22050"),
                "-c:a", "pcm_s16le", "-ac", "1");
    }

    public static Path png() {
        return makeFrom("frame.png", List.of("-f", "lavfi", "-i", "testsrc2=size=200x100:rate=1"), "-frames:v", "1");
    }

    private interface JpegWriter {
        void write(OutputStream os) throws Exception;
    }

    /** Writes {@code out} (in the cache) with {@code writer}, through a temporary file and an atomic rename. */
    private static Path rewritten(Path out, JpegWriter writer) throws Exception {
        Path tmp = Files.createTempFile(CACHE, ".meta", ".jpg");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            writer.write(os);
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    /** A JPEG with EXIF: camera, orientation 6 (rotate 90° clockwise), capture date and GPS. */
    public static synchronized Path jpegWithExif() {
        Path plain = makeFrom("frame.jpg", List.of("-f", "lavfi", "-i", "testsrc2=size=320x200:rate=1"), "-frames:v", "1");
        Path out = CACHE.resolve("exif-v1.jpg");
        if (Files.exists(out)) {
            return out;
        }
        try {
            TiffOutputSet set = new TiffOutputSet();
            TiffOutputDirectory root = set.getOrCreateRootDirectory();
            root.add(TiffTagConstants.TIFF_TAG_MAKE, "DamCam");
            root.add(TiffTagConstants.TIFF_TAG_MODEL, "Model 7");
            root.add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) 6);
            set.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, "2023:07:14 09:08:07");
            set.setGpsInDegrees(2.2945, 48.8584);
            return rewritten(out, os -> new ExifRewriter().updateExifMetadataLossless(plain.toFile(), os, set));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write EXIF test image: " + e, e);
        }
    }

    /** A JPEG whose EXIF says it was shot at 2022-12-24 18:30:00 local time, 2 hours ahead of UTC. */
    public static synchronized Path jpegWithExifOffset() {
        Path plain = makeFrom("frame.jpg", List.of("-f", "lavfi", "-i", "testsrc2=size=320x200:rate=1"), "-frames:v", "1");
        Path out = CACHE.resolve("exif-offset-v1.jpg");
        if (Files.exists(out)) {
            return out;
        }
        try {
            TiffOutputSet set = new TiffOutputSet();
            TiffOutputDirectory exif = set.getOrCreateExifDirectory();
            exif.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, "2022:12:24 18:30:00");
            // OffsetTimeOriginal (0x9011, EXIF 2.31): commons-imaging has no constant for it.
            exif.add(new TagInfoAscii("OffsetTimeOriginal", 0x9011, 7, TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD),
                    "+02:00");
            return rewritten(out, os -> new ExifRewriter().updateExifMetadataLossless(plain.toFile(), os, set));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write EXIF test image: " + e, e);
        }
    }

    /** A JPEG without EXIF whose embedded XMP packet says xmp:CreateDate 2020-02-29T12:34:56-05:00. */
    public static synchronized Path jpegWithXmp() {
        Path plain = makeFrom("frame.jpg", List.of("-f", "lavfi", "-i", "testsrc2=size=320x200:rate=1"), "-frames:v", "1");
        Path out = CACHE.resolve("xmp-v1.jpg");
        if (Files.exists(out)) {
            return out;
        }
        String xmp = """
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                    xmp:CreateDate="2020-02-29T12:34:56-05:00"/>
                 </rdf:RDF>
                </x:xmpmeta>""";
        try {
            return rewritten(out, os -> new JpegXmpRewriter().updateXmpXml(plain.toFile(), os, xmp));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write XMP test image: " + e, e);
        }
    }

    /** An anamorphic clip: 320x180 coded with 3:4 pixels (sample aspect ratio), so 320x240 on screen. */
    public static Path anamorphicMp4() {
        return make("anamorphic.mp4", lavfiVideo(1, "320x180", 25), "-vf", "setsar=3/4", "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    /** A short MP4 with no date anywhere in it (no creation_time tags). */
    public static Path undatedMp4() {
        return make("undated.mp4", lavfiVideo(0.5, "160x120", 25), "-map_metadata", "-1", "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    /** A short MP4 whose container says it was created 2021-05-06T07:08:09Z. */
    public static Path datedMp4() {
        return make("dated.mp4", lavfiVideo(0.5, "160x120", 25), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-metadata", "creation_time=2021-05-06T07:08:09Z");
    }

    /** An MP4 whose index (moov, written last) is cut off. */
    public static synchronized Path truncatedMp4() {
        Path src = make("nofaststart.mp4", lavfiVideo(2, "320x240", 25), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        return derived("truncated.mp4", () -> {
            byte[] all = Files.readAllBytes(src);
            return Arrays.copyOf(all, all.length / 2);
        });
    }

    public static synchronized Path randomBytesMp4() {
        return derived("random.mp4", () -> {
            byte[] b = new byte[64 * 1024];
            new Random(42).nextBytes(b);
            return b;
        });
    }

    public static synchronized Path zeroBytes() {
        return derived("zero.mp4", () -> new byte[0]);
    }

    /**
     * 4 s 320x180 H.264 + AAC: 2 s of pure black (a fade-in or a black leader), then a bright
     * moving test pattern. A poster taken blindly at 10 % or 30 % would be black.
     */
    public static Path blackThenPattern() {
        return makeFrom("black-then-pattern.mp4", List.of(
                        "-f", "lavfi", "-i", "color=c=black:s=320x180:r=25:d=2[b];"
                                + "testsrc2=s=320x180:r=25:d=2[t];[b][t]concat=n=2:v=1:a=0[out0]",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=4"),
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    /** 20 s 256x144 H.264 + AAC with a key frame every 2 s, for trickplay sprites. */
    public static Path spriteClip() {
        return make("sprite-20s.mp4", lavfiVideo(20, "256x144", 25), "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "48k", "-shortest");
    }

    /**
     * A 320x200 JPEG, black with a white 80x50 block in its stored top-left corner, tagged with EXIF
     * {@code orientation} (1..8): where the block ends up shows which way the picture was turned.
     */
    public static synchronized Path jpegWithOrientation(int orientation) {
        Path plain = makeFrom("corner.jpg", List.of("-f", "lavfi", "-i", "color=c=black:s=320x200:r=1"),
                "-vf", "drawbox=x=0:y=0:w=80:h=50:color=white:t=fill", "-frames:v", "1");
        Path out = CACHE.resolve("corner-o" + orientation + "-v1.jpg");
        if (Files.exists(out)) {
            return out;
        }
        try {
            TiffOutputSet set = new TiffOutputSet();
            set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
            return rewritten(out, os -> new ExifRewriter().updateExifMetadataLossless(plain.toFile(), os, set));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write EXIF test image: " + e, e);
        }
    }

    // ---- "real-world" legacy formats, as found on old drives

    public static Path aviMsmpeg4v3() {
        return make("msmpeg4v3.avi", lavfiVideo(2, "320x240", 25), "-c:v", "msmpeg4", "-q:v", "5",
                "-c:a", "libmp3lame", "-shortest");
    }

    public static Path aviCinepak() {
        return make("cinepak.avi", lavfiVideo(1, "160x120", 12), "-c:v", "cinepak", "-an");
    }

    public static Path aviMpeg4Ac3() {
        return make("mpeg4-ac3.avi", lavfiVideo(2, "352x288", 25), "-c:v", "mpeg4", "-vtag", "XVID", "-q:v", "5",
                "-c:a", "ac3", "-b:a", "96k", "-shortest");
    }

    public static Path mpeg2ProgramStream() {
        return make("mpeg2.mpg", lavfiVideo(2, "352x288", 25), "-c:v", "mpeg2video", "-q:v", "5",
                "-c:a", "mp2", "-b:a", "128k", "-shortest", "-f", "vob");
    }

    /** An AVI cut in the middle and with garbage over part of its header. */
    public static synchronized Path damagedAvi() {
        Path src = aviMsmpeg4v3();
        return derived("damaged.avi", () -> {
            byte[] all = Files.readAllBytes(src);
            byte[] cut = Arrays.copyOf(all, all.length / 3);
            for (int i = 12; i < 400 && i < cut.length; i++) {
                cut[i] = (byte) (i * 31);
            }
            return cut;
        });
    }

    /** A video of {@code seconds} with a 440 Hz tone: for tests that need a specific length. */
    public static Path clip(double seconds, String size) {
        return make("clip-" + seconds + "-" + size + ".mp4", lavfiVideo(seconds, size, 25), "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
    }

    /** A 1 s clip recorded at a GPS position (an ISO 6709 "location" tag, as phones write it). */
    public static Path clipAt(double latitude, double longitude) {
        String location = String.format(java.util.Locale.ROOT, "%+08.4f%+09.4f/", latitude, longitude);
        return makeFrom("at" + location.replace("/", "") + ".mov", List.of("-i", clip(1, "160x120").toString()),
                "-c", "copy", "-metadata", "location=" + location);
    }

    /** Copies a cached file to {@code dir/name} (creating folders) and returns the copy. */
    public static Path copy(Path cached, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            return Files.copy(cached, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a cached file into {@code dir} under a name made of exactly these bytes (say Latin-1
     * {@code caf\xE9.mp4}, not valid UTF-8). Built through a {@code file:} URI, whose percent escapes
     * are raw bytes whatever the locale.
     */
    public static Path copyToRawName(Path cached, Path dir, byte[] name) {
        try {
            Files.createDirectories(dir);
            StringBuilder uri = new StringBuilder(dir.toAbsolutePath().toUri().toString());
            if (uri.charAt(uri.length() - 1) != '/') uri.append('/');
            for (byte b : name) uri.append('%').append(String.format("%02X", b & 0xFF));
            return Files.copy(cached, Path.of(java.net.URI.create(uri.toString())), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A name in Latin-1, as an old drive or a Windows copy would have it ("café.mp4" → {@code caf\xE9.mp4}). */
    public static byte[] latin1(String name) {
        return name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    // ---- machinery

    private static List<String> lavfiVideo(double seconds, String size, int rate) {
        return List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=" + rate + ":duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=" + seconds);
    }

    /** A cached file generated by ffmpeg from {@code inputs} (e.g. {@code -f lavfi -i …}) and output arguments. */
    public static Path make(String name, List<String> inputs, String... outputArgs) {
        return makeFrom(name, inputs, outputArgs);
    }

    private static synchronized Path makeFrom(String name, List<String> inputs, String... outputArgs) {
        List<String> args = FfmpegArgs.ffmpeg().addAll(inputs).add(outputArgs).list();
        String key = Integer.toHexString(args.hashCode());
        int dot = name.lastIndexOf('.');
        Path out = CACHE.resolve(name.substring(0, dot) + "-" + key + name.substring(dot));
        if (Files.exists(out)) {
            return out;
        }
        try {
            Files.createDirectories(CACHE);
            Path tmp = CACHE.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + name);
            List<String> full = new ArrayList<>(args);
            full.add(tmp.toString());
            ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), full, Duration.ofMinutes(2));
            if (!r.ok()) {
                throw new IllegalStateException("ffmpeg could not make " + name + ": " + r.stderrTail());
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Bytes {
        byte[] get() throws IOException;
    }

    private static Path derived(String name, Bytes content) {
        Path out = CACHE.resolve("derived-v1-" + name);
        if (Files.exists(out)) {
            return out;
        }
        try {
            Files.createDirectories(CACHE);
            Path tmp = Files.createTempFile(CACHE, ".tmp", name);
            Files.write(tmp, content.get());
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
