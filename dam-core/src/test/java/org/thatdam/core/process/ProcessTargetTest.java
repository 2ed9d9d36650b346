package org.thatdam.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.ErrorCode;

/** Where a processing run's input comes from and its results go, for catalogued assets and loose files. */
class ProcessTargetTest {

    @TempDir Path tmp;
    Dam dam;
    Path catalogued;
    Path loose;

    @BeforeEach
    void setUp() {
        dam = openDam(tmp);
        catalogued = TestMedia.copy(TestMedia.png(), tmp.resolve("media"), "still.png");
        scan(dam, tmp.resolve("media"));
        loose = TestMedia.copy(TestMedia.png(), tmp.resolve("loose"), "other.png");
    }

    @AfterEach
    void tearDown() {
        dam.close();
    }

    @Test
    void anAssetByIdOrPathElseAFileOutsideTheCatalog() {
        ProcessTarget byPath = ProcessTarget.resolve(dam.assets(), catalogued.toString());
        assertThat(byPath.isAsset()).isTrue();
        ProcessTarget byId = ProcessTarget.resolve(dam.assets(), Long.toString(byPath.asset().asset().id()));
        assertThat(byId.asset().asset().id()).isEqualTo(byPath.asset().asset().id());

        ProcessTarget file = ProcessTarget.resolve(dam.assets(), loose.toString());
        assertThat(file.isAsset()).isFalse();
        assertThat(file.file()).isEqualTo(loose.toAbsolutePath().normalize());
        assertThat(file.probe(dam.prober()).width()).isPositive();

        assertCode(() -> ProcessTarget.resolve(dam.assets(), "987654"), ErrorCode.NOT_FOUND, "no asset with id 987654");
        assertCode(() -> ProcessTarget.resolve(dam.assets(), tmp.resolve("gone.mp4").toString()), ErrorCode.NOT_FOUND,
                "not an asset id and not a regular file");
        assertCode(() -> ProcessTarget.resolve(dam.assets(), tmp.resolve("loose").toString()), ErrorCode.INVALID,
                "not an asset id and not a regular file");
    }

    @Test
    void resultsGoWhereTheUserSaysOrUnderExportsAndNeverReplaceAFile() throws Exception {
        assertCode(() -> ProcessTarget.refuseExisting(loose.toString()), ErrorCode.CONFLICT, "refusing to overwrite");
        ProcessTarget.refuseExisting(null);

        Path work = ProcessTarget.workDir(dam.layout(), "test-");
        assertThat(work.getParent()).isEqualTo(dam.layout().exportsDir());
        Path made = Files.writeString(work.resolve("made.txt"), "result");
        assertCode(() -> ProcessTarget.deliver(made, tmp.resolve("out/sub/result.txt").toString()), ErrorCode.NOT_FOUND,
                "no such folder");
        assertThat(tmp.resolve("out")).as("no folder is made for a typo").doesNotExist();
        Files.createDirectories(tmp.resolve("out/sub"));
        Path delivered = ProcessTarget.deliver(made, tmp.resolve("out/sub/result.txt").toString());
        assertThat(delivered).hasContent("result");
        String before = Files.readString(loose, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertCode(() -> ProcessTarget.deliver(made, loose.toString()), ErrorCode.CONFLICT, "cannot write " + loose);
        assertThat(Files.readString(loose, java.nio.charset.StandardCharsets.ISO_8859_1)).as("untouched").isEqualTo(before);

        ProcessTarget file = ProcessTarget.resolve(dam.assets(), loose.toString());
        Path first = file.deliverResult(dam.layout(), made, "trimmed", null);
        assertThat(first).isEqualTo(dam.layout().exportsDir().resolve("other-trimmed.txt")).hasContent("result");
        assertThat(file.deliverResult(dam.layout(), made, "trimmed", null))
                .isEqualTo(dam.layout().exportsDir().resolve("other-trimmed-2.txt"));
        assertThat(first).as("never replaced").hasContent("result");
        Path named = tmp.resolve("out/named.txt");
        assertThat(file.deliverResult(dam.layout(), made, "trimmed", named.toString())).isEqualTo(named);
        assertCode(() -> file.deliverResult(dam.layout(), made, "trimmed", named.toString()), ErrorCode.CONFLICT, "cannot write");
    }
}
