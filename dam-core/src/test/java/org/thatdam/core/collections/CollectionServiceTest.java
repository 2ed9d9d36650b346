package org.thatdam.core.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;
import static org.thatdam.core.testing.DamTesting.at;
import static org.thatdam.core.testing.DamTesting.openDam;
import static org.thatdam.core.testing.DamTesting.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.ErrorCode;

/** Collections over a real catalog and index: nesting, items and their order, smart ones following scans. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(org.thatdam.catalog.CatalogUrl.Engine.class)
class CollectionServiceTest {

    @org.junit.jupiter.params.Parameter
    org.thatdam.catalog.CatalogUrl.Engine engine;

    private static final Actor BY = Actor.commandLine();

    @TempDir
    static Path tmp;
    Path media;
    Dam dam;
    long video;
    long image;
    long song;

    @org.junit.jupiter.params.BeforeParameterizedClassInvocation
    void setUp() throws Exception {
        Path base = tmp.resolve(engine.name()); // the class's folder outlives an engine's run
        media = Files.createDirectories(base.resolve("media")).toRealPath();
        dam = openDam(base, engine);
        Path v = TestMedia.copy(TestMedia.h264Mp4(), media, "clip.mp4");
        Path i = TestMedia.copy(TestMedia.png(), media, "still.png");
        Path s = TestMedia.copy(TestMedia.mp3(), media, "song.mp3");
        scan(dam, media);
        video = at(dam, v).asset().id();
        image = at(dam, i).asset().id();
        song = at(dam, s).asset().id();
    }

    @org.junit.jupiter.params.AfterParameterizedClassInvocation
    void tearDown() {
        dam.close();
    }

    private CollectionService collections() {
        return dam.collections();
    }

    @Test
    void addAndRemoveAssetsKeepTheOrderTheyCameInAndNeverTouchTheAssets() {
        long id = collections().create(NewCollection.named("Picks"), BY).id();

        assertThat(collections().addAssets(id, List.of(song, video, song), BY)).isEqualTo(2);
        assertThat(collections().addAssets(id, List.of(video, image), BY)).as("already there: only the new one").isEqualTo(1);
        assertThat(ids(collections().assets(id, 10, 0).items())).containsExactly(song, video, image);
        assertThat(collections().get(id).cover()).as("the first item by default").isEqualTo(song);

        assertThat(collections().removeAssets(id, List.of(video, 999_999L), BY)).isEqualTo(1);
        assertThat(ids(collections().assets(id, 10, 0).items())).containsExactly(song, image);
        assertThat(dam.assets().details(video)).as("the asset stays in the catalog").isPresent();

        assertCode(() -> collections().addAssets(id, List.of(999_999L), BY), ErrorCode.NOT_FOUND, "no asset 999999");
        assertCode(() -> collections().addAssets(id, List.of(), BY), ErrorCode.INVALID, "at least one asset");
        List<Long> many = java.util.stream.LongStream.range(1_000_000, 1_040_000).boxed().toList();
        assertCode(() -> collections().addAssets(id, many, BY), ErrorCode.NOT_FOUND, "no asset 1000000, 1000001");
        assertThat(collections().removeAssets(id, many, BY)).as("more ids than one statement takes").isZero();
        assertCode(() -> collections().addAssets(424_242L, List.of(song), BY), ErrorCode.NOT_FOUND, "no collection 424242");
        assertThat(dam.audit().query(null, null, null, 50)).extracting(AuditEntry::action)
                .contains("collection.create", "collection.add", "collection.remove");
    }

    @Test
    void collectionsNestAndAreFoundByPath() {
        long project = collections().create(NewCollection.named("Documentary"), BY).id();
        long day1 = collections().create(NewCollection.named("Day 1").under(project), BY).id();
        long scene = collections().create(NewCollection.named("Scene 3").under(day1), BY).id();

        assertThat(collections().get(scene).path()).isEqualTo("Documentary/Day 1/Scene 3");
        assertThat(collections().resolve("documentary/day 1/SCENE 3").id()).as("ignoring case").isEqualTo(scene);
        assertThat(collections().resolve(String.valueOf(day1)).path()).isEqualTo("Documentary/Day 1");
        assertThat(collections().children(project)).extracting(CollectionSummary::id).containsExactly(day1);
        List<String> listed = collections().list().stream().map(CollectionSummary::path).filter(p -> p.startsWith("Documentary")).toList();
        assertThat(listed).as("parents before children").containsExactly("Documentary", "Documentary/Day 1", "Documentary/Day 1/Scene 3");

        assertCode(() -> collections().create(NewCollection.named("day 1").under(project), BY), ErrorCode.CONFLICT, "already there");
        assertCode(() -> collections().create(NewCollection.named("a/b"), BY), ErrorCode.INVALID, "'/'");
        assertCode(() -> collections().resolve("Documentary/Day 9"), ErrorCode.NOT_FOUND, "no collection at");
    }

    @Test
    void collectionsNestExactlyMaxDepthLevelsWhetherCreatedOrMoved() {
        Long parent = null;
        long deepest = 0;
        for (int level = 1; level <= CollectionService.MAX_DEPTH; level++) {
            deepest = collections().create(NewCollection.named("Level " + level).under(parent), BY).id();
            parent = deepest;
        }
        long last = deepest;
        String deep = "collections nest at most " + CollectionService.MAX_DEPTH + " deep";
        assertCode(() -> collections().create(NewCollection.named("Too deep").under(last), BY), ErrorCode.INVALID, deep);

        long loose = collections().create(NewCollection.named("Loose"), BY).id();
        assertCode(() -> collections().move(loose, last, BY), ErrorCode.INVALID, deep);
        long parentOfLast = collections().get(last).collection().parentId();
        assertThat(collections().move(loose, parentOfLast, BY).path()).as("the 32nd level, as a create allows")
                .endsWith("Level 31/Loose");
    }

    @Test
    void movingIntoItselfOrItsOwnSubtreeIsRefused() {
        long a = collections().create(NewCollection.named("Move A"), BY).id();
        long b = collections().create(NewCollection.named("Move B").under(a), BY).id();
        long c = collections().create(NewCollection.named("Move C").under(b), BY).id();

        assertCode(() -> collections().move(a, c, BY), ErrorCode.INVALID, "its own sub-collections");
        assertCode(() -> collections().move(a, a, BY), ErrorCode.INVALID, "into itself");

        assertThat(collections().move(c, null, BY).path()).isEqualTo("Move C");
        assertThat(collections().move(a, c, BY).path()).isEqualTo("Move C/Move A");
        assertThat(collections().get(b).path()).isEqualTo("Move C/Move A/Move B");

        long twin = collections().create(NewCollection.named("Move B"), BY).id();
        assertCode(() -> collections().move(twin, a, BY), ErrorCode.CONFLICT, "already there");
    }

    @Test
    void theManualOrderMustListExactlyTheCurrentMembers() {
        long id = collections().create(NewCollection.named("Ordered"), BY).id();
        long first = collections().create(NewCollection.named("First").under(id), BY).id();
        long second = collections().create(NewCollection.named("Second").under(id), BY).id();
        collections().addAssets(id, List.of(video, image, song), BY);

        collections().order(id, List.of(song, video, image), List.of(second, first), BY);
        assertThat(ids(collections().assets(id, 10, 0).items())).containsExactly(song, video, image);
        assertThat(collections().children(id)).extracting(CollectionSummary::id).containsExactly(second, first);
        assertThat(ids(collections().assets(id, 1, 1).items())).as("paged in that order").containsExactly(video);

        assertCode(() -> collections().order(id, List.of(song, video), null, BY), ErrorCode.CONFLICT, "left out: " + image);
        assertCode(() -> collections().order(id, List.of(song, video, image, 77L), null, BY), ErrorCode.CONFLICT, "not among them: 77");
        assertCode(() -> collections().order(id, List.of(song, song, video), null, BY), ErrorCode.INVALID, "twice");
        assertCode(() -> collections().order(id, null, List.of(first), BY), ErrorCode.CONFLICT, "left out: " + second);
        assertThat(ids(collections().assets(id, 10, 0).items())).as("a refused order changes nothing").containsExactly(song, video, image);
    }

    @Test
    void deletingNeverDeletesAssetsAndAsksBeforeTakingSubCollections() {
        long parent = collections().create(NewCollection.named("Old project"), BY).id();
        long child = collections().create(NewCollection.named("Old day").under(parent), BY).id();
        collections().addAssets(child, List.of(video), BY);

        assertCode(() -> collections().delete(parent, false, BY), ErrorCode.CONFLICT, "1 sub-collection");
        collections().delete(parent, true, BY);

        assertCode(() -> collections().get(child), ErrorCode.NOT_FOUND, "no collection " + child);
        assertThat(dam.assets().details(video)).isPresent();
    }

    @Test
    void theCoverIsAChosenItemElseTheFirst() {
        long id = collections().create(NewCollection.named("Covered"), BY).id();
        collections().addAssets(id, List.of(video, image), BY);

        assertThat(collections().edit(id, new CollectionPatch(null, "Stills and clips", image, null, null), BY).cover()).isEqualTo(image);
        assertThat(collections().get(id).collection().description()).isEqualTo("Stills and clips");
        assertCode(() -> collections().edit(id, new CollectionPatch(null, null, song, null, null), BY), ErrorCode.INVALID, "one of the collection's items");

        collections().removeAssets(id, List.of(image), BY);
        assertThat(collections().get(id).cover()).as("a removed cover falls back to the first item").isEqualTo(video);
    }

    @Test
    void aSmartCollectionFollowsNewScansAndHoldsNoItems() throws Exception {
        long id = collections().create(NewCollection.named("Audio").smart("kind:audio", null), BY).id();
        assertThat(ids(collections().assets(id, 10, 0).items())).containsExactly(song);
        assertThat(collections().get(id).cover()).as("only a chosen cover: a summary never runs the search").isNull();

        Path dir = Files.createDirectories(tmp.resolve("later")).toRealPath();
        Path wav = TestMedia.copy(TestMedia.wav(), dir, "take.wav");
        scan(dam, dir);
        long take = at(dam, wav).asset().id();

        CollectionAssets now = collections().assets(id, 10, 0);
        assertThat(now.total()).isEqualTo(2);
        assertThat(ids(now.items())).containsExactlyInAnyOrder(song, take);

        assertCode(() -> collections().addAssets(id, List.of(video), BY), ErrorCode.INVALID, "smart");
        assertCode(() -> collections().order(id, List.of(song, take), null, BY), ErrorCode.INVALID, "smart");
        assertCode(() -> collections().create(NewCollection.named("Inside").under(id), BY), ErrorCode.INVALID, "smart");
        assertCode(() -> collections().create(NewCollection.named("Bad").smart("duration:>", null), BY), ErrorCode.BAD_QUERY, "");
    }

    @Test
    void forgettingAnAssetTakesItOutOfItsCollections() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("forget")).toRealPath();
        Path f = TestMedia.copy(TestMedia.mkv(), dir, "gone.mkv");
        scan(dam, dir);
        long gone = at(dam, f).asset().id();
        long id = collections().create(NewCollection.named("Forgetful"), BY).id();
        collections().addAssets(id, List.of(gone, image), BY);
        assertThat(collections().pathsHolding(gone)).containsExactly("Forgetful");
        assertThat(collections().pathsByAsset().get(gone)).containsExactly("Forgetful");

        dam.assets().delete(gone, BY);

        assertThat(ids(collections().assets(id, 10, 0).items())).containsExactly(image);
        assertThat(collections().get(id).collection().items()).isEqualTo(1);
        assertThat(collections().pathsByAsset()).doesNotContainKey(gone);
    }

    private static List<Long> ids(List<Asset> assets) {
        return assets.stream().map(Asset::id).toList();
    }
}
