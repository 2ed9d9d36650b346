package org.thatdam.media.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.derive.PosterMaker;
import org.thatdam.media.derive.PosterResult;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.FileArg;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.storage.FileNames;

/**
 * A file whose name is not valid UTF-8 (Latin-1 from an old drive) reaches ffprobe and ffmpeg
 * unchanged: the String the JDK makes of such a name has U+FFFD and names no file, so an argument
 * built from it used to fail with "No such file or directory".
 */
class UnspellableNameTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final MediaProber prober = new MediaProber(FfmpegTools.bundled(), TIMEOUT);
    @TempDir Path tmp;

    @Test
    void aLatin1NameIsProbedAndGetsAPoster() throws Exception {
        // the folder's name is not UTF-8 either
        Path dir = FileNames.path(FileNames.text(tmp) + "/\uFFFDE9t\uFFFDE9");
        Files.createDirectories(dir);
        Path file = TestMedia.copyToRawName(TestMedia.h264Mp4(), dir, TestMedia.latin1("caf\u00e9.mp4"));
        assertThat(FileNames.faithful(file)).isFalse();
        assertThat(Files.exists(Path.of(file.toString()))).as("the JDK's String of the name is lossy").isFalse();

        MediaInfo info = prober.probe(file);
        assertThat(info.kind()).isEqualTo(AssetKind.VIDEO);
        assertThat(info.durationSec()).isPositive();

        PosterResult r = new PosterMaker(FfmpegTools.bundled(), TIMEOUT)
                .make(file, info, tmp.resolve("small.jpg"), tmp.resolve("large.jpg"), () -> false);
        assertThat(r.small().width()).isPositive();
        assertThat(tmp.resolve("small.jpg")).isNotEmptyFile();
        // the link ffmpeg was given is a plain name pointing at the exact bytes
        Path link = FileArg.spelling(file);
        assertThat(link.toString()).isASCII();
        assertThat(Files.isSameFile(link, file)).isTrue();
    }

    @Test
    void anUnreadableFileUnderSuchANameIsReportedByItsNameForPeople() throws Exception {
        Path bad = TestMedia.copyToRawName(TestMedia.randomBytesMp4(), tmp, TestMedia.latin1("d\u00e9g\u00e2t.mp4"));
        try {
            prober.probe(bad);
            throw new AssertionError("probed random bytes");
        } catch (MediaException e) {
            assertThat(e.getMessage()).startsWith("not readable as media")
                    .doesNotContain(FileArg.spelling(bad).toString()).doesNotContain("dam-names-");
        }
        assertThat(List.of(FileNames.displayName(bad))).containsExactly("d\uFFFDg\uFFFDt.mp4");
    }
}
