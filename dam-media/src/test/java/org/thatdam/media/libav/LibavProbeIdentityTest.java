package org.thatdam.media.libav;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.media.testing.DuplicateMedia;
import org.thatdam.media.testing.HostileMedia;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.MediaInfo;

/**
 * The in-process probe answers as ffprobe does: on every file of the test corpus the normalized
 * {@link MediaInfo} is the same, every field it writes has ffprobe's value, the only fields it
 * leaves out are those ffprobe takes from an opened decoder, and a damaged file fails in both with
 * the same message.
 */
class LibavProbeIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What ffprobe reads from an opened decoder (its context and private options), not from the demuxer. */
    private static final Set<String> DECODER_FIELDS = Set.of("coded_width", "coded_height", "closed_captions",
            "film_grain", "refs", "bits_per_raw_sample", "max_bit_rate", "is_avc", "nal_length_size", "divx_packed", "quarter_sample",
            "view_ids_available", "view_pos_available");

    private final MediaProber ffprobe = new MediaProber(FfmpegTools.bundled(), Duration.ofSeconds(60));

    @Test
    void answersAsFfprobeOnEveryFileOfTheCorpus(@TempDir Path dir) throws Exception {
        Map<String, Supplier<Path>> corpus = new LinkedHashMap<>();
        corpus.put("h264Mp4", TestMedia::h264Mp4);
        corpus.put("mkv", TestMedia::mkv);
        corpus.put("webm", TestMedia::webm);
        corpus.put("rotatedMov", TestMedia::rotatedMov);
        corpus.put("rotatedCornerMov", TestMedia::rotatedCornerMov);
        corpus.put("shortClip", TestMedia::shortClip);
        corpus.put("mp3", TestMedia::mp3);
        corpus.put("wav", TestMedia::wav);
        corpus.put("png", TestMedia::png);
        corpus.put("jpegWithExif", TestMedia::jpegWithExif);
        corpus.put("jpegWithExifOffset", TestMedia::jpegWithExifOffset);
        corpus.put("jpegWithXmp", TestMedia::jpegWithXmp);
        for (int o = 1; o <= 8; o++) {
            int orientation = o;
            corpus.put("jpegWithOrientation" + o, () -> TestMedia.jpegWithOrientation(orientation));
        }
        corpus.put("anamorphicMp4", TestMedia::anamorphicMp4);
        corpus.put("datedMp4", TestMedia::datedMp4);
        corpus.put("undatedMp4", TestMedia::undatedMp4);
        corpus.put("clipAt", () -> TestMedia.clipAt(48.8606, 2.3376));
        corpus.put("blackThenPattern", TestMedia::blackThenPattern);
        corpus.put("aviMsmpeg4v3", TestMedia::aviMsmpeg4v3);
        corpus.put("aviCinepak", TestMedia::aviCinepak);
        corpus.put("aviMpeg4Ac3", TestMedia::aviMpeg4Ac3);
        corpus.put("mpeg2ProgramStream", TestMedia::mpeg2ProgramStream);
        corpus.put("duplicateReencoded", DuplicateMedia::reencoded);
        corpus.put("hevcHdr10Mkv", LibavProbeIdentityTest::hdr10);
        corpus.put("interlacedMpegTs", () -> TestMedia.make("interlaced.ts", List.of("-f", "lavfi", "-i",
                        "testsrc2=size=352x288:rate=25:duration=1", "-f", "lavfi", "-i", "sine=duration=1"),
                "-c:v", "mpeg2video", "-flags", "+ilme+ildct", "-top", "1", "-c:a", "mp2", "-f", "mpegts"));
        corpus.put("damagedAvi", TestMedia::damagedAvi);
        corpus.put("truncatedMp4", TestMedia::truncatedMp4);
        corpus.put("randomBytesMp4", TestMedia::randomBytesMp4);
        corpus.put("zeroBytes", TestMedia::zeroBytes);
        List<Path> patterns = HostileMedia.patternNamedPictures(dir);
        for (Path p : patterns) corpus.put(p.getFileName().toString(), () -> p);
        Path secret = HostileMedia.secretMov(dir, "secret.mov");
        corpus.put("referenceMovie", () -> HostileMedia.referenceMovie(secret, "reference.mov"));

        List<String> differences = new ArrayList<>();
        List<String> failedInBoth = new ArrayList<>();
        for (var e : corpus.entrySet()) {
            Path file = e.getValue().get();
            String theirs = null, ours = null, theirError = null, ourError = null;
            try {
                theirs = ffprobe.ffprobeJson(file);
            } catch (MediaException ex) {
                theirError = ex.getMessage();
            }
            try {
                ours = LibavProbe.probeJson(file);
            } catch (MediaException ex) {
                ourError = ex.getMessage();
            }
            String name = e.getKey();
            if (theirError != null || ourError != null) {
                if (theirError == null || ourError == null || !theirError.equals(ourError)) {
                    differences.add(name + ": ffprobe " + (theirError == null ? "read it" : "failed: " + theirError)
                            + "; in-process " + (ourError == null ? "read it" : "failed: " + ourError));
                }
                failedInBoth.add(name);
                continue;
            }
            JsonNode t = JSON.readTree(theirs), o = JSON.readTree(ours);
            compare(name, "", o, t, differences);
            missing(name, "", o, t, differences);
            String ext = MediaProber.extensionOf(file);
            MediaInfo a = normalized(t, ext), b = normalized(o, ext);
            if (!a.equals(b)) differences.add(name + ": normalized differently:\n  ffprobe    " + a + "\n  in-process " + b);
        }
        assertThat(differences).isEmpty();
        assertThat(LibavProbe.probeJson(hdr10())).as("the HDR side data is there to compare")
                .contains("\"Mastering display metadata\"", "\"max_content\": 1000", "\"color_transfer\": \"smpte2084\"");
        assertThat(failedInBoth).as("the damaged files fail").contains("truncatedMp4", "randomBytesMp4", "zeroBytes");
        System.out.println("failed in both alike: " + failedInBoth);
    }

    /**
     * HEVC 10-bit HDR10: BT.2020 PQ, mastering display and content light levels. x265 writes them into
     * the stream; encoding its decoded frames again carries them to the container as side data.
     */
    private static Path hdr10() {
        Path sei = TestMedia.make("hdr10-sei.mkv", List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1"),
                "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-x265-params",
                "log-level=error:hdr10=1:master-display=G(13250,34500)B(7500,3000)R(34000,16000)WP(15635,16450)"
                        + "L(10000000,1):max-cll=1000,400:colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc");
        return TestMedia.make("hdr10.mkv", List.of("-i", sei.toString()), "-c:v", "libx265", "-preset", "ultrafast",
                "-x265-params", "log-level=error", "-pix_fmt", "yuv420p10le");
    }

    private static MediaInfo normalized(JsonNode root, String ext) {
        try {
            return MediaProber.normalize(root, null, ext); // rawJson left out of the comparison
        } catch (MediaException e) {
            return MediaInfo.unknown(null); // "no audio or video stream": both must refuse alike
        }
    }

    /** Every field of ours has ffprobe's value (same JSON type too). */
    private static void compare(String file, String at, JsonNode ours, JsonNode theirs, List<String> out) {
        if (ours.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ours.fields(); it.hasNext(); ) {
                var f = it.next();
                JsonNode t = theirs.get(f.getKey());
                if (t == null) {
                    out.add(file + ": " + at + f.getKey() + " = " + f.getValue() + " is not in ffprobe's answer");
                } else {
                    compare(file, at + f.getKey() + ".", f.getValue(), t, out);
                }
            }
        } else if (ours.isArray()) {
            if (!theirs.isArray() || theirs.size() != ours.size()) {
                out.add(file + ": " + at + " has " + ours.size() + " entries, ffprobe's " + theirs);
                return;
            }
            for (int i = 0; i < ours.size(); i++) compare(file, at + i + ".", ours.get(i), theirs.get(i), out);
        } else if (!ours.equals(theirs)) {
            out.add(file + ": " + at + " is " + ours + ", ffprobe says " + theirs);
        }
    }

    /** The fields ffprobe writes and we do not are only the decoder's. */
    private static void missing(String file, String at, JsonNode ours, JsonNode theirs, List<String> out) {
        if (theirs.isObject() && ours.isObject()) {
            Set<String> left = new TreeSet<>();
            for (Iterator<String> it = theirs.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!ours.has(k)) {
                    if (!DECODER_FIELDS.contains(k)) left.add(k);
                } else {
                    missing(file, at + k + ".", ours.get(k), theirs.get(k), out);
                }
            }
            if (!left.isEmpty()) out.add(file + ": " + at + " lacks ffprobe's " + left);
        } else if (theirs.isArray() && ours.isArray() && theirs.size() == ours.size()) {
            for (int i = 0; i < ours.size(); i++) missing(file, at + i + ".", ours.get(i), theirs.get(i), out);
        }
    }
}
