package org.thatdam.catalog.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.SceneRepository.NewBeat;
import org.thatdam.catalog.SceneRepository.NewScene;
import org.thatdam.catalog.XmpRepository;
import org.thatdam.model.AssetKind;
import org.thatdam.model.CaptureSource;
import org.thatdam.model.Derivative;
import org.thatdam.model.FieldDefinition;
import org.thatdam.model.FieldType;
import org.thatdam.model.FieldValue;
import org.thatdam.model.Fingerprint;
import org.thatdam.model.LedgerEntry;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.NewJob;
import org.thatdam.model.Role;
import org.thatdam.model.Scene;
import org.thatdam.model.SceneText;
import org.thatdam.model.StoredVector;
import org.thatdam.model.StreamInfo;

/**
 * A catalog with a row in every table, written through the repositories as the program writes them:
 * assets with versions, streams, locations, tags, fields, derivatives, scenes with text and embeddings,
 * fingerprints and XMP state, plus users, sessions, keys, audit, shares, preferences, saved searches,
 * vocabulary, collections, jobs, console runs and the copy ledger.
 */
public final class CatalogFixture {

    private static final long NOW = 1_700_000_000_000L;

    private CatalogFixture() {}

    /** Fills {@code catalog} with {@code assets} assets (written in transactions of a few hundred) and the rest once. */
    public static void populate(Catalog catalog, int assets) {
        catalog.update(s -> {
            s.roots().add("/media/library", NOW);
            long user = s.users().create("admin", Role.ADMIN, "hash-admin", NOW).orElseThrow().id();
            long editor = s.users().create("Éditeur", Role.EDITOR, "hash-editor", NOW).orElseThrow().id();
            s.sessions().create("token-hash", user, NOW, NOW + 86_400_000L, "127.0.0.1", "a browser");
            s.apiKeys().create(editor, "ci", "dam_ab12", "key-hash", Role.EDITOR, NOW, null);
            s.audit().append(NOW, "admin", "user.create", "Éditeur", "{\"role\":\"editor\"}", "127.0.0.1");
            s.preferences().put(user, "grid.size", "{\"size\":3}", NOW);
            s.savedSearches().save(user, "Long clips", "duration:>10", "kind:video", "duration", NOW);
            s.fields().insert(new FieldDefinition("client", "Client", FieldType.TEXT, false, List.of(AssetKind.VIDEO),
                    "who ordered it", List.of(), null, 0), NOW);
            long places = s.vocabulary().add(null, "Places", "places", "where it was shot", NOW);
            long paris = s.vocabulary().add(places, "Paris", "paris", null, NOW);
            s.vocabulary().addSynonym(paris, "Lutèce", "lutece");
            s.jobs().setPaused("admin", NOW);
            long run = s.ledger().startImport(null, "/card", List.of("/media/library/in"), "Trip", List.of("xxh64", "md5"), "admin", 2, 200, NOW);
            s.ledger().record(LedgerEntry.copy("/card/a.mov", "/media/library/in/a.mov", "/media/library", 100, NOW, "0123abcd",
                    "d41d8cd98f00b204e9800998ecf8427e", null, "admin", "Trip", run, Instant.ofEpochMilli(NOW)));
        });
        long first = -1;
        for (int from = 0; from < assets; from += 250) {
            int to = Math.min(assets, from + 250);
            int start = from;
            long id = catalog.write(s -> {
                long firstHere = -1;
                long batch = s.batches().idFor("Trip", NOW);
                for (int i = start; i < to; i++) {
                    long a = asset(s, i, batch);
                    if (firstHere < 0) firstHere = a;
                }
                return firstHere;
            });
            if (first < 0) first = id;
        }
        if (assets == 0) return;
        long one = first;
        catalog.update(s -> {
            long parent = s.collections().insert(null, "Best of", "the keepers", null, "", "admin", NOW);
            s.collections().insert(parent, "Paris", "", "tag:paris", "kind:video", "admin", NOW);
            s.collections().addItems(parent, List.of(one), "admin", NOW);
            s.shareLinks().create("share-token", one, null, "admin", NOW, null, null);
            s.consoleRuns().create(one, "/media/library/clip0.mov", "h264", Map.of("crf", "23"), List.of("-i", "{{input}}"),
                    "ffmpeg -i clip0.mov", NOW);
            s.jobs().enqueue(new NewJob("thumbs", one, "", 5, 3), NOW);
            s.capture().putSource(new org.thatdam.catalog.CaptureRepository.SourceRow("net-1", org.thatdam.model.LiveSourceKind.NETWORK,
                    "Porte d'entrée", "rtsp://cam.local:554/stream", new org.thatdam.model.LiveSettings(1280, 720,
                    org.thatdam.model.FrameRate.parse("30000/1001"), null, "alsa:hw:1,0", "tcp"), Instant.ofEpochMilli(NOW), "admin"));
            s.capture().insertTake(new org.thatdam.model.CaptureTake(0, "net-1", "Scène 1", org.thatdam.model.TakeState.FINISHED,
                    Instant.ofEpochMilli(NOW), Instant.ofEpochMilli(NOW + 5_000), "12:00:00;02", org.thatdam.model.FrameRate.parse("30000/1001"),
                    4.971, 1_234_567, 3, "admin", one, "/media/library/clip0.mov", "capture-2023-11-14", null),
                    "node/42@host", "/home/capture/1.mp4");
        });
    }

    private static long asset(org.thatdam.catalog.CatalogSession s, int i, long batch) {
        String path = "/media/library/clip" + i + ".mov";
        long a = s.assets().insertAsset(AssetKind.VIDEO, "clip " + i, batch, NOW + i);
        long v = s.assets().addVersion(a, 1_000 + i, "q" + i, media(i), null, NOW + i);
        s.assets().insertLocation(a, path, 1_000 + i, NOW, (long) i, "q" + i, NOW + i);
        s.assets().setTags(a, List.of("paris", "day " + (i % 7)), NOW + i);
        s.assets().setDescription(a, "a clip of day " + (i % 7) + " — déjà vu", NOW + i);
        s.assets().setRating(a, i % 6, NOW + i);
        s.fields().setValues(a, "client", List.of(new FieldValue("client", "ACME " + (i % 3), null)));
        s.derivatives().put(new Derivative(a, "poster", v, "derivatives/" + a + "/poster.jpg", "image/jpeg", 12_345,
                320, 180, null, Instant.ofEpochMilli(NOW)));
        List<Scene> scenes = s.scenes().replace(a, v, List.of(
                new NewScene(0, 4.5, 1.0, "k0.jpg", 0.8, List.of(new NewBeat(0, 2, 1.0, null, 0.5), new NewBeat(2, 4.5, null, null, null))),
                new NewScene(4.5, 9.25, 5.0, "k1.jpg", null, List.of())));
        long scene = scenes.get(0).id();
        s.sceneTexts().replaceForScene(scene, List.of(new SceneText(scene, 0, "EXIT " + i, 0.93, 0.1, 0.2, 0.3, 0.05)));
        s.embeddings().putAsset(a, new StoredVector("text", "src" + i, new float[] {0.25f, -1.5f, i}));
        s.embeddings().putScene(scene, a, new StoredVector("visual", "src" + i, new float[] {1f, 0f, -0.125f}));
        s.fingerprints().put(new Fingerprint(a, v, "phash64@2fps", 2.0, new long[] {i, -1L, Long.MAX_VALUE}, 0.5, 9.0,
                0x0123_4567_89ab_cdefL, Instant.ofEpochMilli(NOW)));
        s.xmp().put(new XmpRepository.Sync(a, "sidecar", path + ".xmp", 512L, NOW, "sha" + i, "{\"title\":\"clip\"}", null,
                NOW, null, null));
        s.xmp().putSidecarStamp(new XmpRepository.SidecarStamp(path + ".xmp", a, 512, NOW, 77L));
        return a;
    }

    private static MediaInfo media(int i) {
        List<StreamInfo> streams = new ArrayList<>(List.of(
                new StreamInfo(0, "video", "h264", "High", 1920, 1080, 25.0, "yuv420p", null, null, null, null, "und", 900_000L),
                new StreamInfo(1, "audio", "aac", "LC", null, null, null, null, null, 48000, 2, "stereo", "eng", 128_000L)));
        return new MediaInfo(AssetKind.VIDEO, "mov,mp4", 9.25 + i / 1000.0, 1_000_000L, 1920, 1080, 25.0, "h264", "aac", null,
                "2024-01-02T03:04:05Z", "01:00:00:00", 48.1, 2.2, "Cam", "X1", "a title", "a comment",
                Instant.parse("2024-01-02T03:04:05Z"), CaptureSource.QUICKTIME, streams, "{\"raw\":true}");
    }
}
