package org.thatdam.media.libav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.media.testing.TestMedia;

class LibavInputTest {

    @Test
    void opensAClipInProcessAndReadsItsStreams() {
        try (LibavInput in = LibavInput.open(TestMedia.h264Mp4())) {
            in.findStreamInfo();
            assertThat(in.context().nb_streams()).isGreaterThanOrEqualTo(1);
            assertThat(in.context().iformat().name().getString()).startsWith("mov,");
        }
    }

    @Test
    void refusesAPlaylistDisguisedAsMediaBeforeOpeningIt(@TempDir Path dir) throws Exception {
        Path fake = Files.writeString(dir.resolve("clip.mp4"), "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");
        assertThatThrownBy(() -> LibavInput.open(fake)).isInstanceOf(MediaInput.NotMediaException.class)
                .hasMessageContaining("HLS playlist");
    }

    @Test
    void explainsDamageWithLibavsOwnWords() {
        assertThatThrownBy(() -> {
            try (LibavInput in = LibavInput.open(TestMedia.randomBytesMp4())) {
                in.findStreamInfo();
            }
        }).isInstanceOf(MediaException.class).hasMessageStartingWith("not readable as media: ")
                .hasMessageNotContaining("/");
    }
}
