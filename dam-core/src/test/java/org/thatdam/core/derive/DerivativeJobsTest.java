package org.thatdam.core.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Actor;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;

/** Scan → jobs → derivative files, with the real engine, real handlers and the real bundled ffmpeg. */
class DerivativeJobsTest {

    @TempDir Path tmp;
    Path media;
    Dam dam;

    @BeforeEach
    void open() {
        media = tmp.resolve("media");
        dam = DamTesting.openDam(tmp);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    void runQueue() throws InterruptedException {
        dam.engine().start();
        assertThat(dam.engine().awaitIdle(Duration.ofMinutes(2))).as("job queue drained").isTrue();
    }

    static double meanLuma(Path jpeg) throws Exception {
        BufferedImage img = ImageIO.read(jpeg.toFile());
        long sum = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                sum += (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
            }
        }
        return (double) sum / (img.getWidth() * img.getHeight());
    }

    @Test
    void aScanQueuesDerivativesAndTheEngineMakesThem() throws Exception {
        TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        TestMedia.copy(TestMedia.rotatedMov(), media, "phone.mov");
        TestMedia.copy(TestMedia.mp3(), media, "tone.mp3");
        TestMedia.copy(TestMedia.png(), media, "still.png");
        DamTesting.scan(dam, media);
        Map<JobState, Long> queued = dam.catalog().read(s -> s.jobs().counts());
        // video: poster, sprite, proxy, full hash, fingerprint ×2; audio: poster, proxy, hash; image: poster, hash
        assertThat(queued.get(JobState.QUEUED)).isEqualTo(5 + 5 + 3 + 2);
        runQueue();
        assertThat(dam.catalog().read(s -> s.jobs().counts()).get(JobState.DONE)).isEqualTo(15);

        AssetDetails clip = DamTesting.at(dam, media.resolve("clip.mp4"));
        Path poster = Path.of(file(clip, "poster-large"));
        Path small = Path.of(file(clip, "poster-small"));
        assertThat(poster).exists().startsWith(dam.layout().derivativesDir());
        assertThat(meanLuma(small)).isGreaterThan(30);
        BufferedImage s = ImageIO.read(small.toFile());
        assertThat(s.getWidth()).isEqualTo(320);
        assertThat(s.getHeight()).isEqualTo(240);
        assertThat(Path.of(file(clip, "sprite"))).exists();
        assertThat(Files.readString(Path.of(file(clip, "sprite")))).startsWith("WEBVTT");
        // a small H.264/AAC MP4 plays in a browser as it is: the proxy is the original
        assertThat(file(clip, "proxy")).isEqualTo(clip.asset().path());
        assertThat(clip.current().fullHash()).hasSize(16);

        AssetDetails phone = DamTesting.at(dam, media.resolve("phone.mov"));
        BufferedImage p = ImageIO.read(Path.of(file(phone, "poster-small")).toFile());
        assertThat(p.getHeight()).isGreaterThan(p.getWidth()); // upright portrait

        AssetDetails tone = DamTesting.at(dam, media.resolve("tone.mp3"));
        assertThat(file(tone, "poster-large")).isNotNull(); // waveform
        assertThat(file(tone, "sprite")).isNull();

        AssetDetails still = DamTesting.at(dam, media.resolve("still.png"));
        assertThat(file(still, "proxy")).isNull();
        assertThat(ImageIO.read(Path.of(file(still, "poster-small")).toFile()).getWidth())
                .isEqualTo(200); // never upscaled

        try (var files = Files.walk(dam.layout().derivativesDir())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void aLegacyAviGetsAnH264Proxy() throws Exception {
        TestMedia.copy(TestMedia.aviMsmpeg4v3(), media, "old.avi");
        DamTesting.scan(dam, media);
        runQueue();
        AssetDetails d = DamTesting.at(dam, media.resolve("old.avi"));
        Path proxy = Path.of(file(d, "proxy"));
        assertThat(proxy.getFileName().toString()).isEqualTo("proxy.mp4");
        var probed = dam.prober().probe(proxy);
        assertThat(probed.videoCodec()).isEqualTo("h264");
        assertThat(probed.audioCodec()).isEqualTo("aac");
    }

    @Test
    void aNewVersionRegeneratesAndPurgeRemovesDerivatives() throws Exception {
        Path f = TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        DamTesting.scan(dam, media);
        runQueue();
        long id = DamTesting.at(dam, f).asset().id();
        Path dir = dam.derivatives().dir(id);
        assertThat(dir).isDirectory();

        Files.copy(TestMedia.clip(3, "160x120"), f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DamTesting.scan(dam, media);
        runQueue();
        AssetDetails d = DamTesting.at(dam, f);
        assertThat(d.versions()).hasSize(2);
        assertThat(d.derivative("poster-small")).isPresent(); // made from the new version
        assertThat(ImageIO.read(dam.assets().derivativeFile(id, "poster-small").orElseThrow().toFile()).getWidth())
                .isEqualTo(160);

        Files.delete(f);
        dam.roots().prune(false, true, Actor.commandLine());
        assertThat(dir).doesNotExist();
        assertThat(dam.derivatives().dir(id).getParent()).exists(); // only the asset's own folder went
    }

    @Test
    void undecodableVideoFailsItsJobsOnceWithAClearError() throws Exception {
        // Headers intact (it probes fine), picture data replaced by noise.
        byte[] b = Files.readAllBytes(TestMedia.h264Mp4());
        int mdat = indexOf(b, "mdat".getBytes());
        byte[] noise = new byte[b.length - mdat - 8];
        new Random(1).nextBytes(noise);
        System.arraycopy(noise, 0, b, mdat + 4, noise.length);
        Files.createDirectories(media);
        Path f = Files.write(media.resolve("garbled.mp4"), b);
        DamTesting.scan(dam, media);
        runQueue();
        AssetDetails d = DamTesting.at(dam, f);
        Job poster = d.jobs().stream().filter(j -> j.kind().equals("poster")).findFirst().orElseThrow();
        assertThat(poster.state()).isEqualTo(JobState.FAILED);
        assertThat(poster.attempts()).isEqualTo(1);
        assertThat(poster.error()).isNotBlank().doesNotContain("Exception");
        assertThat(d.jobs()).anyMatch(j -> j.state() == JobState.FAILED && j.error() != null);
        assertThat(poster.error()).doesNotContain("@ 0x").doesNotContain("Last message repeated");
    }

    @Test
    void regeneratingOnDemandRunsTheJobAgain() throws Exception {
        Path f = TestMedia.copy(TestMedia.shortClip(), media, "short.mp4");
        DamTesting.scan(dam, media);
        runQueue();
        long id = DamTesting.at(dam, f).asset().id();
        long again = dam.jobs().enqueue(org.thatdam.core.jobs.JobKind.POSTER, id, Actor.commandLine());
        runQueue();
        assertThat(dam.catalog().read(s -> s.jobs().find(again)).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(dam.catalog().read(s -> s.jobs().forAsset(id)).stream().filter(j -> j.kind().equals("poster"))).hasSize(2);
        assertThat(meanLuma(dam.assets().derivativeFile(id, "poster-small").orElseThrow())).isGreaterThan(30);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }

    /** The file of the asset's derivative of this kind, or null when it was not made. */
    private String file(AssetDetails d, String kind) {
        return d.derivative(kind).map(dv -> dam.assets().path(d, dv).toString()).orElse(null);
    }
}
