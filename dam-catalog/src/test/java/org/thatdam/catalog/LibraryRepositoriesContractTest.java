package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetCollection;
import org.thatdam.model.AssetKind;
import org.thatdam.model.Batch;
import org.thatdam.model.Derivative;
import org.thatdam.model.FieldDefinition;
import org.thatdam.model.FieldType;
import org.thatdam.model.FieldValue;
import org.thatdam.model.ImportRun;
import org.thatdam.model.LedgerEntry;
import org.thatdam.model.LibraryRoot;
import org.thatdam.model.VocabularyTerm;

/** What describes and organises the library, on each engine: fields, vocabulary, collections, XMP, ledger, batches, roots, derivatives. */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class LibraryRepositoriesContractTest extends OnEachEngine {

    long lastChange() {
        return catalog.read(s -> s.changes().lastSeq());
    }

    @Test
    void fieldsDefinitionsValuesAndTheirChangeRows() {
        long a = helper.addAsset("/m/a.mp4", null, 10, "h1");
        long b = helper.addAsset("/m/b.mp4", null, 20, "h2");
        catalog.update(s -> {
            s.fields().insert(new FieldDefinition("client", "Client", FieldType.TEXT, true, List.of(AssetKind.VIDEO),
                    "who paid", List.of(), null, 1), 1);
            s.fields().insert(new FieldDefinition("reel", "Reel", FieldType.NUMBER, false, List.of(AssetKind.VIDEO, AssetKind.IMAGE),
                    null, List.of(), null, 0), 1);
            s.fields().insert(new FieldDefinition("mood", "Mood", FieldType.MULTI_CHOICE, false, List.of(),
                    null, List.of("calm", "wild"), null, 2), 1);
        });
        assertThat(catalog.<List<FieldDefinition>>read(s -> s.fields().definitions())).extracting(FieldDefinition::name)
                .containsExactly("reel", "client", "mood");
        FieldDefinition client = catalog.<Optional<FieldDefinition>>read(s -> s.fields().definition("client")).orElseThrow();
        assertThat(client.required()).isTrue();
        assertThat(client.kinds()).containsExactly(AssetKind.VIDEO);
        assertThat(catalog.<Optional<FieldDefinition>>read(s -> s.fields().definition("mood")).orElseThrow().choices())
                .containsExactly("calm", "wild");

        long before = lastChange();
        catalog.update(s -> {
            s.fields().setValues(a, "client", List.of(new FieldValue("client", "ACME", null)));
            s.fields().setValues(a, "reel", List.of(new FieldValue("reel", "7", 7.0)));
            s.fields().setValues(b, "reel", List.of(new FieldValue("reel", "2.5", 2.5)));
        });
        assertThat(lastChange()).as("field values feed the index").isGreaterThan(before);
        assertThat(catalog.<List<FieldValue>>read(s -> s.fields().values(a)))
                .containsExactly(new FieldValue("reel", "7", 7.0), new FieldValue("client", "ACME", null));
        assertThat(catalog.<Map<Long, List<FieldValue>>>read(s -> s.fields().valuesOf("reel"))).containsOnlyKeys(a, b);
        assertThat(catalog.<Long>read(s -> s.fields().countMissing("client", List.of("video")))).isEqualTo(1);
        List<org.thatdam.model.Searchable> docs = new java.util.ArrayList<>();
        catalog.read(s -> {
            s.assets().forEachSearchable(List.of(a), docs::add);
            return null;
        });
        assertThat(docs.getFirst().fields()).extracting(f -> f.name() + "=" + f.text() + "/" + f.number())
                .containsExactly("reel=7/7.0", "client=ACME/null");

        catalog.update(s -> s.fields().reorder(List.of("mood", "client", "reel"), 2));
        assertThat(catalog.<List<FieldDefinition>>read(s -> s.fields().definitions())).extracting(FieldDefinition::name)
                .containsExactly("mood", "client", "reel");
        assertThat(catalog.<Integer>write(s -> s.fields().delete("reel"))).isEqualTo(2);
        assertThat(catalog.<List<FieldValue>>read(s -> s.fields().values(b))).isEmpty();
    }

    @Test
    void vocabularyTermsSynonymsSettingsAndItsVersion() {
        String v0 = catalog.<Map<String, String>>read(s -> s.vocabulary().settings()).get("version");
        long places = catalog.write(s -> s.vocabulary().add(null, "Places", "places", null, 1));
        long alps = catalog.write(s -> s.vocabulary().add(places, "Alps", "alps", "mountains", 1));
        assertThatThrownBy(() -> catalog.write(s -> s.vocabulary().add(places, "ALPS", "alps", null, 1)))
                .as("sibling keys are unique").isInstanceOf(CatalogException.class);
        catalog.update(s -> {
            s.vocabulary().addSynonym(alps, "Alpen", "alpen");
            s.vocabulary().addSynonym(alps, "Alpen", "alpen"); // already there: nothing happens
            s.vocabulary().setDescription(alps, "high");
            s.vocabulary().setSetting("mode", "strict");
        });
        List<VocabularyTerm> terms = catalog.read(s -> s.vocabulary().terms());
        assertThat(terms).extracting(VocabularyTerm::label).containsExactly("Places", "Alps");
        assertThat(terms.get(1).parentId()).isEqualTo(places);
        assertThat(terms.get(1).synonyms()).containsExactly("Alpen");
        assertThat(terms.get(1).description()).isEqualTo("high");
        Map<String, String> settings = catalog.read(s -> s.vocabulary().settings());
        assertThat(settings).containsEntry("mode", "strict");
        assertThat(Long.parseLong(settings.get("version"))).as("every change moves the version on")
                .isGreaterThan(Long.parseLong(v0));
        assertThat(catalog.<Boolean>write(s -> s.vocabulary().removeSynonym(alps, "alpen"))).isTrue();
        catalog.update(s -> s.vocabulary().update(alps, null, "Alps", "alps"));
        assertThat(catalog.<Boolean>write(s -> s.vocabulary().delete(places))).isTrue();
        assertThat(catalog.<List<VocabularyTerm>>read(s -> s.vocabulary().terms())).extracting(VocabularyTerm::label)
                .containsExactly("Alps");

        long a = helper.addAsset("/m/a.mp4", null, 10, "h1");
        long b = helper.addAsset("/m/b.mp4", null, 20, "h2");
        catalog.update(s -> {
            s.assets().setTags(a, List.of("alpen", "snow"), 2);
            s.assets().setTags(b, List.of("alps", "alps"), 2);
        });
        assertThat(catalog.<List<String>>read(s -> s.vocabulary().distinctTags())).containsExactlyInAnyOrder("alpen", "snow", "alps");
        catalog.update(s -> s.vocabulary().replaceTag("alpen", "alps"));
        assertThat(catalog.<Set<Long>>read(s -> s.vocabulary().assetsTagged(List.of("alps")))).containsExactlyInAnyOrder(a, b);
        assertThat(catalog.<List<String>>read(s -> s.assets().tags(a))).containsExactly("alps", "snow");
    }

    @Test
    void collectionsNestOrderAndHoldAssets() {
        long a = helper.addAsset("/m/a.mp4", null, 10, "h1");
        long b = helper.addAsset("/m/b.mp4", null, 20, "h2");
        long trips = catalog.write(s -> s.collections().insert(null, "Trips", "", null, "", "ann", 1));
        long work = catalog.write(s -> s.collections().insert(null, "Work", "", null, "", "ann", 1));
        long alps = catalog.write(s -> s.collections().insert(trips, "Alps", "snow", null, "", "ann", 1));
        assertThatThrownBy(() -> catalog.write(s -> s.collections().insert(null, "TRIPS", "", null, "", "ann", 1)))
                .as("sibling names are unique without case").isInstanceOf(CatalogException.class);
        catalog.write(s -> s.collections().insert(work, "trips", "", null, "", "ann", 1)); // not a sibling: fine

        assertThat(catalog.<Integer>write(s -> s.collections().addItems(alps, List.of(b, a, b), "ann", 2))).isEqualTo(2);
        assertThat(catalog.<Integer>write(s -> s.collections().addItems(alps, List.of(a), "ann", 2))).isZero();
        assertThat(catalog.<List<Long>>read(s -> s.collections().itemIds(alps))).containsExactly(b, a);
        catalog.update(s -> s.collections().orderItems(alps, List.of(a, b), 3));
        assertThat(catalog.<List<Asset>>read(s -> s.collections().items(alps, 10, 0))).extracting(Asset::id).containsExactly(a, b);
        AssetCollection c = catalog.<Optional<AssetCollection>>read(s -> s.collections().find(alps)).orElseThrow();
        assertThat(c.items()).isEqualTo(2);
        assertThat(c.firstItemId()).isEqualTo(a);
        assertThat(c.parentId()).isEqualTo(trips);
        assertThat(catalog.<Optional<AssetCollection>>read(s -> s.collections().find(trips)).orElseThrow().children()).isEqualTo(1);

        catalog.update(s -> s.collections().move(alps, null, 4));
        catalog.update(s -> s.collections().orderChildren(null, List.of(alps, work, trips)));
        assertThat(catalog.<List<AssetCollection>>read(s -> s.collections().list())).filteredOn(x -> x.parentId() == null)
                .extracting(AssetCollection::name).containsExactly("Alps", "Work", "Trips");
        assertThat(catalog.<List<Long>>read(s -> s.collections().holding(a))).containsExactly(alps);
        assertThat(catalog.<Map<Long, List<Long>>>read(s -> s.collections().holdingAll())).containsOnlyKeys(a, b);
        assertThat(catalog.<Set<Long>>read(s -> s.collections().existingAssets(List.of(a, 999_999L)))).containsExactly(a);
        assertThat(catalog.<Integer>write(s -> s.collections().removeItems(alps, List.of(b)))).isEqualTo(1);
        assertThat(catalog.<Boolean>write(s -> s.collections().delete(trips))).isTrue();
        assertThat(catalog.<Optional<AssetCollection>>read(s -> s.collections().find(alps))).as("moved out before").isPresent();
    }

    @Test
    void xmpSyncAndSidecarStampsAreReplacedInPlace() {
        long a = helper.addAsset("/m/a.mp4", null, 10, "h1");
        long b = helper.addAsset("/m/sub/b.mp4", null, 20, "h2");
        catalog.update(s -> {
            s.xmp().put(new XmpRepository.Sync(a, "sidecar", "/m/a.xmp", 10L, 100L, "x1", "{}", null, 1, null, null));
            s.xmp().put(new XmpRepository.Sync(a, "sidecar", "/m/a.xmp", 11L, 200L, "x2", "{\"t\":1}", "{}", 2, "bad", "[]"));
            s.xmp().setError(a, null);
            s.xmp().putSidecarStamp(new XmpRepository.SidecarStamp("/m/a.xmp", a, 10, 100, 5L));
            s.xmp().putSidecarStamp(new XmpRepository.SidecarStamp("/m/a.xmp", a, 11, 200, 5L));
            s.xmp().putSidecarStamp(new XmpRepository.SidecarStamp("/m/sub/b.xmp", b, 12, 300, null));
        });
        XmpRepository.Sync sync = catalog.<Optional<XmpRepository.Sync>>read(s -> s.xmp().find(a)).orElseThrow();
        assertThat(sync.hash()).isEqualTo("x2");
        assertThat(sync.error()).isNull();
        assertThat(catalog.<List<XmpRepository.Sync>>read(s -> s.xmp().byPath("/m/a.xmp"))).hasSize(1);
        assertThat(catalog.<List<XmpRepository.SidecarStamp>>read(s -> s.xmp().sidecarStamps("/m/a.xmp")))
                .extracting(XmpRepository.SidecarStamp::sizeBytes).containsExactly(11L);
        assertThat(catalog.<List<XmpRepository.SidecarStamp>>read(s -> s.xmp().sidecarStampsIn("/m/")))
                .extracting(XmpRepository.SidecarStamp::path).containsExactly("/m/a.xmp");
    }

    @Test
    void ledgerImportsBatchesRootsAndDerivatives() {
        long a = helper.addAsset("/lib/a.mp4", "Trip", 10, "h1");
        long imp = catalog.write(s -> s.ledger().startImport(7L, "/card", List.of("/lib"), "Trip", List.of("xxh64", "md5"),
                "ann", 2, 30, 1_000));
        catalog.update(s -> {
            s.ledger().record(LedgerEntry.copy("/card/a.mp4", "/lib/a.mp4", "/lib", 10, 5, "x", "m", null, "ann", "Trip",
                    imp, Instant.ofEpochMilli(1_100)));
            s.ledger().record("full", "/card/b.mp4", "/lib/b.mp4", 1_200);
        });
        long next = catalog.write(s -> s.ledger().startImport(8L, "/card", List.of("/lib"), "Trip", List.of("xxh64"),
                "ann", 2, 30, 2_000));
        catalog.update(s -> s.ledger().supersedeImports("/card", List.of("/lib"), next, 2_001));
        ImportRun old = catalog.<Optional<ImportRun>>read(s -> s.ledger().findImport(imp)).orElseThrow();
        assertThat(old.state()).isEqualTo("failed");
        assertThat(old.bytesDone()).as("what its ledger rows say it copied").isEqualTo(10);
        catalog.update(s -> s.ledger().finishImport(next, "done",
                new ImportRun.Progress(2, 0, 30, null, List.of(new ImportRun.Failure("/card/c.mp4", "gone"))), null, 2_500));
        ImportRun done = catalog.<Optional<ImportRun>>read(s -> s.ledger().importOfJob(8)).orElseThrow();
        assertThat(done.failures()).containsExactly(new ImportRun.Failure("/card/c.mp4", "gone"));
        assertThat(done.hashes()).containsExactly("xxh64");
        assertThat(catalog.<List<ImportRun>>read(s -> s.ledger().recentImports(10))).extracting(ImportRun::id).containsExactly(next, imp);
        assertThat(catalog.<List<LedgerEntry>>read(s -> s.ledger().forAsset(a))).extracting(LedgerEntry::sourcePath)
                .containsExactly("/card/a.mp4");
        assertThat(catalog.<Optional<LedgerEntry>>read(s -> s.ledger().latestCopy("/card/b.mp4", "/lib/b.mp4"))).isPresent();
        assertThat(catalog.<List<LedgerEntry>>read(s -> s.ledger().byHash("full"))).hasSize(1);

        helper.addAsset("/lib/c.mp4", "alpha", 5, "h3");
        assertThat(catalog.<List<Batch>>read(s -> s.batches().list())).extracting(Batch::name).containsExactly("alpha", "Trip");
        Batch trip = catalog.<Optional<Batch>>read(s -> s.batches().find("Trip")).orElseThrow();
        assertThat(trip.assetCount()).isEqualTo(1);
        assertThat(trip.totalBytes()).isEqualTo(10);
        long before = lastChange();
        assertThat(catalog.<Boolean>write(s -> s.batches().rename("Trip", "Journey"))).isTrue();
        assertThat(catalog.<List<org.thatdam.model.Change>>read(s -> s.changes().since(before, 10)))
                .as("a batch's name is in its assets' documents").extracting(org.thatdam.model.Change::assetId).contains(a);
        assertThat(catalog.<Boolean>write(s -> s.batches().delete("Journey"))).isTrue();
        assertThat(catalog.<Optional<Asset>>read(s -> s.assets().find(a)).orElseThrow().batch()).isNull();

        assertThat(catalog.<Boolean>write(s -> s.roots().add("/lib", 1))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.roots().add("/lib", 2))).isFalse();
        assertThat(catalog.<List<LibraryRoot>>read(s -> s.roots().list())).extracting(LibraryRoot::path).containsExactly("/lib");

        long version = catalog.<Optional<Asset>>read(s -> s.assets().find(a)).orElseThrow().currentVersionId();
        catalog.update(s -> {
            s.derivatives().put(new Derivative(a, "poster", version, "d/1.jpg", "image/jpeg", 100, 320, 180, null, Instant.ofEpochMilli(1)));
            s.derivatives().put(new Derivative(a, "poster", version, "d/2.jpg", "image/jpeg", 200, 640, 360, "x", Instant.ofEpochMilli(2)));
            s.derivatives().put(new Derivative(a, "proxy", version, "d/p.mp4", "video/mp4", 300, null, null, null, Instant.ofEpochMilli(3)));
        });
        assertThat(catalog.<Optional<Derivative>>read(s -> s.derivatives().find(a, "poster")).orElseThrow().path()).isEqualTo("d/2.jpg");
        assertThat(catalog.<List<Derivative>>read(s -> s.derivatives().forAsset(a))).extracting(Derivative::kind)
                .containsExactly("poster", "proxy");
        catalog.update(s -> s.derivatives().delete(a, "proxy"));
        assertThat(catalog.<List<Derivative>>read(s -> s.derivatives().forAsset(a))).hasSize(1);
    }
}
