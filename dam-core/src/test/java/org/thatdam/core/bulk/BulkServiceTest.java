package org.thatdam.core.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.thatdam.core.testing.DamTesting.assertCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Job;
import org.thatdam.model.JobState;
import org.thatdam.model.MediaInfo;

class BulkServiceTest {

    @TempDir Path tmp;
    Dam dam;

    @BeforeEach
    void open() {
        dam = DamTesting.openDam(tmp);
    }

    @AfterEach
    void close() {
        dam.close();
    }

    /** {@code n} catalogued assets of {@code kind} in one transaction (no files: the catalog is what bulk actions change). */
    static List<Long> catalogue(Dam dam, int n, AssetKind kind, String prefix) {
        return dam.catalog().write(s -> {
            List<Long> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long id = s.assets().insertAsset(kind, prefix + i, null, 1);
                s.assets().addVersion(id, 1000 + i, prefix + "h" + i, MediaInfo.unknown(kind), null, 1);
                s.assets().insertLocation(id, "/nowhere/" + prefix + i + ".mp4", 1000 + i, 1, null, prefix + "h" + i, 1);
                ids.add(id);
            }
            return ids;
        });
    }

    static BulkRequest tags(List<Long> ids, BulkAction action, String... tags) {
        return BulkRequest.of(ids, action).withTags(List.of(tags));
    }

    BulkSummary run(BulkRequest r) throws Exception {
        long job = dam.bulk().request(r, Actor.commandLine());
        Job j = dam.jobs().runUntilDone(job, x -> { });
        assertThat(j.state()).isEqualTo(JobState.DONE);
        return dam.bulk().summary(job).orElseThrow();
    }

    @Test
    void tagsFiveThousandAssetsAsOneJob() throws Exception {
        List<Long> ids = catalogue(dam, 5000, AssetKind.VIDEO, "clip");
        dam.assets().updateEach(List.of(ids.get(0)), d -> org.thatdam.core.library.AssetPatch.none().withTags(List.of("Beach")), Actor.commandLine());

        long job = dam.bulk().request(tags(ids, BulkAction.ADD_TAGS, "Beach", " Lisbon "), Actor.commandLine());
        Job j = dam.jobs().runUntilDone(job, x -> { });

        assertThat(j.state()).isEqualTo(JobState.DONE);
        assertThat(j.kind()).isEqualTo(JobKind.BULK.id());
        assertThat(dam.jobs().list(null, JobKind.BULK, 0, 10)).hasSize(1);
        BulkSummary s = dam.bulk().summary(job).orElseThrow();
        assertThat(s.selected()).isEqualTo(5000);
        assertThat(s.done()).isEqualTo(5000);
        assertThat(s.failedCount()).isZero();
        assertThat(s.text()).isEqualTo("5000 tagged");
        assertThat(dam.assets().details(ids.get(0)).orElseThrow().tags()).containsExactly("Beach", "Lisbon");
        assertThat(dam.assets().details(ids.get(4999)).orElseThrow().tags()).containsExactly("Beach", "Lisbon");
        // audited once for the call, with the count
        var entries = dam.audit().query(null, null, AuditAction.ASSET_BULK.id(), 10);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).detail()).contains("add-tags on 5000 assets");
        assertThat(dam.audit().query(null, null, AuditAction.ASSET_EDIT.id(), 10)).isEmpty();

        // again: every asset already has them
        BulkSummary again = run(tags(ids.subList(0, 10), BulkAction.ADD_TAGS, "Beach"));
        assertThat(again.done()).isZero();
        assertThat(again.skipped()).isEqualTo(10);
    }

    @Test
    void removesTagsAndListsWhatFailedAndWhy() throws Exception {
        List<Long> ids = new ArrayList<>(catalogue(dam, 3, AssetKind.VIDEO, "a"));
        run(tags(ids, BulkAction.ADD_TAGS, "x", "y"));
        ids.add(999_999L);

        BulkSummary s = run(tags(ids, BulkAction.REMOVE_TAGS, "x"));

        assertThat(s.selected()).isEqualTo(4);
        assertThat(s.done()).isEqualTo(3);
        assertThat(s.failedCount()).isEqualTo(1);
        assertThat(s.failed()).containsExactly(new BulkSummary.Failure(999_999, ErrorCode.NOT_FOUND, "no asset with id 999999"));
        assertThat(s.text()).isEqualTo("3 untagged, 1 failed: asset 999999: no asset with id 999999");
        assertThat(dam.assets().details(ids.get(1)).orElseThrow().tags()).containsExactly("y");
    }

    @Test
    void oneAssetOverTheTagLimitFailsAloneWithTheEditsOwnMessage() throws Exception {
        List<Long> ids = catalogue(dam, 2, AssetKind.VIDEO, "t");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) many.add("t" + i);
        dam.assets().updateEach(List.of(ids.get(0)), d -> org.thatdam.core.library.AssetPatch.none().withTags(many), Actor.commandLine());

        BulkSummary s = run(tags(ids, BulkAction.ADD_TAGS, "one-more"));

        assertThat(s.done()).isEqualTo(1);
        assertThat(s.failed()).extracting(BulkSummary.Failure::assetId, BulkSummary.Failure::code, BulkSummary.Failure::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ids.get(0), ErrorCode.INVALID, "more than 200 tags"));
        assertThat(dam.assets().details(ids.get(1)).orElseThrow().tags()).containsExactly("one-more");
    }

    @Test
    void aQuerySelectsWhatMatchesWhenTheJobStarts() throws Exception {
        List<Long> videos = catalogue(dam, 4, AssetKind.VIDEO, "v");
        catalogue(dam, 3, AssetKind.AUDIO, "s");
        dam.search().awaitCatalog(java.time.Duration.ofSeconds(10));
        long job = dam.bulk().request(BulkRequest.ofQuery("kind:video", null, BulkAction.ADD_TAGS).withTags(List.of("moving")),
                Actor.commandLine());
        List<Long> later = catalogue(dam, 2, AssetKind.VIDEO, "w");   // catalogued after the request, before the job starts
        dam.jobs().runUntilDone(job, x -> { });

        BulkSummary s = dam.bulk().summary(job).orElseThrow();
        assertThat(s.selected()).isEqualTo(6);
        assertThat(s.done()).isEqualTo(6);
        assertThat(dam.assets().details(later.get(1)).orElseThrow().tags()).containsExactly("moving");
        assertThat(dam.assets().details(videos.get(0)).orElseThrow().tags()).containsExactly("moving");

        // facet selections narrow it as the search's do
        BulkSummary f = run(BulkRequest.ofQuery("*", "kind:audio", BulkAction.ADD_TAGS).withTags(List.of("sound")));
        assertThat(f.selected()).isEqualTo(3);

        // every asset only when asked for as `*`: a blank query is refused, with or without a filter
        for (String blank : new String[] {"", "  "}) {
            assertCode(() -> dam.bulk().request(BulkRequest.ofQuery(blank, null, BulkAction.FORGET), Actor.commandLine()),
                    ErrorCode.INVALID, "give a query; `*` selects every asset");
            assertCode(() -> dam.bulk().request(BulkRequest.ofQuery(blank, "kind:audio", BulkAction.FORGET), Actor.commandLine()),
                    ErrorCode.INVALID, "give a query; `*` selects every asset");
        }
        BulkSummary all = run(BulkRequest.ofQuery("*", null, BulkAction.ADD_TAGS).withTags(List.of("all")));
        assertThat(all.selected()).isEqualTo(9);
    }

    @Test
    void theCommandLineThroughItsServerIsAuditedAsTheCommandLine() throws Exception {
        List<Long> ids = catalogue(dam, 2, AssetKind.VIDEO, "c");
        // what the server makes of its local key: the command line's principal, from a loopback address
        Actor local = new Actor(org.thatdam.model.Principal.commandLine(), "127.0.0.1");
        long job = dam.bulk().request(BulkRequest.of(ids, BulkAction.FORGET), local);   // forgetting audits each asset
        assertThat(dam.jobs().runUntilDone(job, x -> { }).state()).isEqualTo(JobState.DONE);
        List<org.thatdam.model.AuditEntry> entries = dam.audit().query(null, null, null, 50);
        assertThat(entries).filteredOn(e -> e.action().equals("asset.bulk") || e.action().equals("asset.forget")).hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.user()).as(e.action()).isNull();
                    assertThat(e.address()).as("%s: the command line, not someone anonymous", e.action()).isNull();
                });
    }

    @Test
    void regeneratesWhatEachKindHasAndForgets() throws Exception {
        List<Long> video = catalogue(dam, 2, AssetKind.VIDEO, "v");
        List<Long> audio = catalogue(dam, 1, AssetKind.AUDIO, "a");
        List<Long> all = new ArrayList<>(video);
        all.addAll(audio);

        BulkSummary s = run(BulkRequest.of(all, BulkAction.REGENERATE).withKinds(List.of("sprite")));
        assertThat(s.done()).isEqualTo(2);
        assertThat(s.skipped()).isEqualTo(1);    // audio has no sprite
        // (they run, and fail: these assets have no files)
        assertThat(dam.jobs().list(null, JobKind.SPRITE, 0, 10)).extracting(Job::assetId)
                .containsExactlyInAnyOrderElementsOf(video);

        BulkSummary forgot = run(BulkRequest.of(all, BulkAction.FORGET));
        assertThat(forgot.done()).isEqualTo(3);
        assertThat(dam.assets().details(video.get(0))).isEmpty();
    }

    @Test
    void ratesMarksAndLabelsSkippingThoseAlreadySo() throws Exception {
        List<Long> ids = catalogue(dam, 3, AssetKind.VIDEO, "r");
        run(BulkRequest.of(ids.subList(0, 1), BulkAction.RATING).withRating(4));

        BulkSummary rated = run(BulkRequest.of(ids, BulkAction.RATING).withRating(4));
        assertThat(rated.done()).isEqualTo(2);
        assertThat(rated.skipped()).isEqualTo(1);
        assertThat(rated.text()).isEqualTo("2 rated, 1 already so or not concerned");
        assertThat(run(BulkRequest.of(ids, BulkAction.FAVOURITE).withFavourite(true)).done()).isEqualTo(3);
        assertThat(run(BulkRequest.of(ids, BulkAction.LABEL).withLabel(" Red ")).done()).isEqualTo(3);
        var a = dam.assets().details(ids.get(2)).orElseThrow().asset();
        assertThat(a.rating()).isEqualTo(4);
        assertThat(a.favourite()).isTrue();
        assertThat(a.label()).isEqualTo(org.thatdam.model.ColourLabel.RED);
        assertThat(run(BulkRequest.of(ids, BulkAction.LABEL).withLabel("none")).done()).isEqualTo(3);
        assertThat(dam.assets().details(ids.get(2)).orElseThrow().asset().label()).isNull();

        assertCode(() -> dam.bulk().request(BulkRequest.of(ids, BulkAction.RATING).withRating(6), Actor.commandLine()),
                ErrorCode.INVALID, "rating must be 0–5 stars");
        assertCode(() -> dam.bulk().request(BulkRequest.of(ids, BulkAction.LABEL).withLabel("pink"), Actor.commandLine()),
                ErrorCode.INVALID, "unknown colour label 'pink'");
        assertCode(() -> dam.bulk().request(BulkRequest.of(ids, BulkAction.RATING).withFavourite(true), Actor.commandLine()),
                ErrorCode.INVALID, "favourite does not go with action rating");
    }

    @Test
    void addsToACollectionOnlyWhatIsNotInItYet() throws Exception {
        List<Long> ids = catalogue(dam, 4, AssetKind.VIDEO, "c");
        long trip = dam.collections().create(org.thatdam.core.collections.NewCollection.named("Trip"), Actor.commandLine()).id();
        dam.collections().addAssets(trip, List.of(ids.get(1)), Actor.commandLine());
        List<Long> asked = new ArrayList<>(ids);
        asked.add(777_777L);

        BulkSummary s = run(BulkRequest.of(asked, BulkAction.ADD_TO_COLLECTION).withCollection(trip));

        assertThat(s.done()).isEqualTo(3);
        assertThat(s.skipped()).isEqualTo(1);
        assertThat(s.failed()).extracting(BulkSummary.Failure::assetId).containsExactly(777_777L);
        assertThat(dam.collections().assets(trip, 10, 0).total()).isEqualTo(4);

        long smart = dam.collections().create(org.thatdam.core.collections.NewCollection.named("Videos").smart("kind:video", null),
                Actor.commandLine()).id();
        assertCode(() -> dam.bulk().request(BulkRequest.of(ids, BulkAction.ADD_TO_COLLECTION).withCollection(smart), Actor.commandLine()),
                ErrorCode.INVALID, "is smart");
        assertCode(() -> dam.bulk().request(BulkRequest.of(ids, BulkAction.ADD_TO_COLLECTION).withCollection(4242L), Actor.commandLine()),
                ErrorCode.NOT_FOUND, "");
    }

    @Test
    void setsFieldsCheckedPerAssetAsAnEditChecksThem() throws Exception {
        List<Long> video = catalogue(dam, 2, AssetKind.VIDEO, "v");
        List<Long> audio = catalogue(dam, 1, AssetKind.AUDIO, "a");
        dam.fields().create(org.thatdam.core.fields.FieldSpec.of("client", "text").withKinds(List.of("video")), Actor.commandLine());
        List<Long> all = new ArrayList<>(video);
        all.addAll(audio);

        BulkSummary s = run(BulkRequest.of(all, BulkAction.SET_FIELDS).withFields(Map.of("client", "Acme")));

        assertThat(s.done()).isEqualTo(2);
        assertThat(s.failed()).extracting(BulkSummary.Failure::assetId, BulkSummary.Failure::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(audio.get(0),
                        "field 'client' does not apply to audio assets (it applies to video)"));
        BulkSummary unknown = run(BulkRequest.of(video, BulkAction.SET_FIELDS).withFields(Map.of("budget", 5)));
        assertThat(unknown.failedCount()).isEqualTo(2);
        assertThat(unknown.failed().get(0).message()).startsWith("no field named 'budget'");
    }

    @Test
    void refusesWhatCannotBeDone() {
        List<Long> one = List.of(1L);
        assertCode(() -> dam.bulk().request(BulkRequest.of(null, BulkAction.FORGET), Actor.commandLine()),
                ErrorCode.INVALID, "give the assets either as ids or as a query, not neither");
        assertCode(() -> dam.bulk().request(new BulkRequest(one, "x", null, BulkAction.FORGET, null, null, null, null, null, null, null, null, null), Actor.commandLine()),
                ErrorCode.INVALID, "not both");
        assertCode(() -> dam.bulk().request(BulkRequest.of(List.of(), BulkAction.FORGET), Actor.commandLine()),
                ErrorCode.INVALID, "ids is empty");
        assertCode(() -> dam.bulk().request(BulkRequest.of(one, null), Actor.commandLine()),
                ErrorCode.INVALID, "action is required");
        assertCode(() -> dam.bulk().request(tags(one, BulkAction.ADD_TAGS), Actor.commandLine()), ErrorCode.INVALID, "add-tags needs tags");
        assertCode(() -> dam.bulk().request(tags(one, BulkAction.ADD_TAGS, "bad\u202Etag"), Actor.commandLine()),
                ErrorCode.INVALID, "tag 1 contains a text-direction control");
        assertCode(() -> dam.bulk().request(tags(one, BulkAction.FORGET, "x"), Actor.commandLine()),
                ErrorCode.INVALID, "tags does not go with action forget");
        assertCode(() -> dam.bulk().request(BulkRequest.of(one, BulkAction.REGENERATE).withKinds(List.of("full-hash")),
                Actor.commandLine()), ErrorCode.INVALID, "'full-hash' is not a derivative to make again");
        assertCode(() -> dam.bulk().request(BulkRequest.of(one, BulkAction.PRESET).withPreset("nope", Map.of()),
                Actor.commandLine()), ErrorCode.INVALID, "nope");
        assertCode(() -> dam.bulk().request(BulkRequest.ofQuery("kind:(", null, BulkAction.FORGET),
                Actor.commandLine()), ErrorCode.BAD_QUERY, "");
        assertCode(() -> BulkAction.parse("explode"), ErrorCode.INVALID, "unknown action 'explode'; allowed: add-tags");
        assertThat(dam.jobs().list(null, JobKind.BULK, 0, 10)).isEmpty();
    }
}
