package org.thatdam.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.Actor;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.core.Dam;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.media.testing.SmallDisk;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.search.SearchIndexException;
import org.thatdam.search.SearchRequest;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.IoErrors;

/** The library's home on a real, small tmpfs that runs out of space. */
class FullDiskTest {

    private static final long MIB = 1024 * 1024;

    @TempDir Path tmp;

    private Dam open(Path home, int minFreeMb) {
        return Dam.open(ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, home.toString(),
                ConfigKey.SCAN_SETTLE_SECONDS, "0", ConfigKey.STORAGE_MIN_FREE_MB, Integer.toString(minFreeMb))));
    }

    private Path media() {
        Path media = tmp.resolve("media");
        TestMedia.copy(TestMedia.h264Mp4(), media, "a.mp4");
        TestMedia.copy(TestMedia.mkv(), media, "b.mkv");
        return media;
    }

    @Test
    void belowTheFloorNewDerivativeWorkWaitsAndResumesWhenSpaceReturns() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 32); Dam dam = open(disk.dir().resolve("home"), 8)) {
            DamTesting.scan(dam, media());
            Path filler = disk.fill("filler", 4 * MIB);
            dam.engine().start();
            until(() -> dam.engine().diskPause().isPresent());
            assertThat(dam.engine().diskPause().get().getMessage())
                    .startsWith("the disk holding " + dam.layout().home() + " is full (")
                    .contains("below the 8 MiB kept free")
                    .endsWith("paused work that writes there; it resumes when space returns");
            assertThat(dam.readinessChecks().get("disk").get()).startsWith("low space: the disk holding");
            // Hashing only reads: it goes on. Nothing that writes was even claimed.
            until(() -> jobs(dam).stream().filter(j -> j.kind().equals(JobKind.FULL_HASH.id()))
                    .allMatch(j -> j.state() == JobState.DONE));
            List<Job> writing = jobs(dam).stream().filter(j -> JobKind.parse(j.kind()).writesFiles()).toList();
            assertThat(writing).isNotEmpty().allSatisfy(j -> {
                assertThat(j.state()).isEqualTo(JobState.QUEUED);
                assertThat(j.attempts()).isZero();
            });

            Files.delete(filler);
            until(() -> jobs(dam).stream().allMatch(j -> j.state() == JobState.DONE));
            assertThat(dam.engine().diskPause()).isEmpty();
            assertThat(dam.readinessChecks().get("disk").get()).isEqualTo("ok");
        }
    }

    @Test
    void aFailedAtomicWriteKeepsThePreviousFileAndLeavesNoTemporaryFile() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 8)) {
            Path target = disk.dir().resolve("poster.jpg");
            AtomicFiles.write(target, "the good one".getBytes());
            Path filler = disk.fill("filler", 512 * 1024);
            assertThatThrownBy(() -> AtomicFiles.write(target, new byte[(int) (2 * MIB)]))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(IoErrors.isDiskFull(e)).as(e.toString()).isTrue())
                    .satisfies(e -> assertThat(IoErrors.describe((IOException) e)).startsWith("the disk is full"));
            assertThat(Files.readString(target)).isEqualTo("the good one");
            assertThat(disk.tempFiles()).isEmpty();
            Files.delete(filler);
        }
    }

    @Test
    void aFullDiskNeverCostsTheSearchIndex() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 32)) {
            Path home = disk.dir().resolve("home");
            long id;
            try (Dam dam = open(home, 0)) {
                DamTesting.scan(dam, media());
                dam.search().catchUp();
                assertThat(dam.search().count()).isEqualTo(2);
                id = DamTesting.at(dam, tmp.resolve("media/a.mp4")).asset().id();
            }
            List<String> before = names(home.resolve("index"));
            try (Dam dam = open(home, 0)) {
                // A change the index has not seen yet, then no space left to record it in the index.
                dam.assets().update(id, AssetPatch.none().withTitle("Harbour at night"), Actor.commandLine());
                Path filler = disk.fill("filler", 0);
                assertThatThrownBy(dam::search).isNotInstanceOf(SearchIndexException.class)
                        .satisfies(e -> assertThat(IoErrors.isDiskFull(e)).as(e.toString()).isTrue());
                assertThat(names(home.resolve("index"))).as("the index was not deleted").containsAll(before);

                Files.delete(filler);
                assertThat(dam.search().search(SearchRequest.of("harbour")).total()).isEqualTo(1);
                assertThat(dam.search().rebuilds()).as("caught up, not rebuilt").isZero();
            }
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("write.lock")).sorted().toList();
        }
    }

    private static List<Job> jobs(Dam dam) {
        return dam.catalog().read(s -> s.jobs().list(null, 1000));
    }

    /** Polls every 50 ms for up to a minute. */
    private static void until(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
