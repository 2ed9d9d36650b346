package org.thatdam.core.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Actor;
import org.thatdam.model.Job;
import org.thatdam.core.Dam;
import org.thatdam.core.jobs.JobContext;
import org.thatdam.core.jobs.JobHandler;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.TestMedia;

/** A job that writes after its asset was forgotten leaves nothing behind. */
class OrphanCleanupTest {

    @TempDir Path tmp;
    Dam dam;
    long assetId;
    Job job;

    @BeforeEach
    void open() {
        dam = DamTesting.openDam(tmp);
        Path file = TestMedia.copy(TestMedia.h264Mp4(), tmp.resolve("media"), "clip.mp4");
        DamTesting.scan(dam, file.getParent());
        assetId = DamTesting.at(dam, file).asset().id();
        job = dam.catalog().read(s -> s.jobs().forAsset(assetId)).get(0);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    JobContext context() {
        return new JobContext() {
            public Job job() { return job; }
            public void progress(double fraction) { }
            public BooleanSupplier cancelled() { return () -> false; }
        };
    }

    /** Forgets the asset mid-job, then writes a derivative as a late job would. */
    JobHandler lateWriter(boolean thenFail) {
        return new JobHandler() {
            public JobKind kind() { return JobKind.POSTER; }

            public void run(JobContext ctx) throws Exception {
                dam.assets().delete(assetId, Actor.commandLine());
                Path dir = Files.createDirectories(dam.derivatives().dir(assetId));
                Files.writeString(dir.resolve("poster-320.jpg"), "late");
                if (thenFail) throw new IllegalStateException("the catalog row could not be written");
            }
        };
    }

    @Test
    void filesWrittenForAForgottenAssetAreRemoved() throws Exception {
        new OrphanCleanup(lateWriter(false), dam.catalog(), dam.derivatives()).run(context());
        assertThat(dam.derivatives().dir(assetId)).doesNotExist();
    }

    @Test
    void evenWhenTheJobFailsAndItsFailureIsTheOneReported() {
        assertThatThrownBy(() -> new OrphanCleanup(lateWriter(true), dam.catalog(), dam.derivatives()).run(context()))
                .hasMessage("the catalog row could not be written");
        assertThat(dam.derivatives().dir(assetId)).doesNotExist();
    }

    @Test
    void aLiveAssetKeepsItsFiles() throws Exception {
        JobHandler writer = new JobHandler() {
            public JobKind kind() { return JobKind.POSTER; }

            public void run(JobContext ctx) throws Exception {
                Files.writeString(Files.createDirectories(dam.derivatives().dir(assetId)).resolve("poster-320.jpg"), "ok");
            }
        };
        new OrphanCleanup(writer, dam.catalog(), dam.derivatives()).run(context());
        assertThat(dam.derivatives().dir(assetId).resolve("poster-320.jpg")).exists();
    }
}
