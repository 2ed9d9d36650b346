package org.thatdam.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.thatdam.model.ApiKey;
import org.thatdam.model.AuditEntry;
import org.thatdam.model.AuthSession;
import org.thatdam.model.Role;
import org.thatdam.model.SavedSearch;
import org.thatdam.model.ShareLink;
import org.thatdam.model.User;

/** Accounts and what hangs on them, on each engine: users, sessions, API keys, audit, share links, preferences, saved searches. */
@ParameterizedClass
@EnumSource(CatalogUrl.Engine.class)
class AccessRepositoriesContractTest extends OnEachEngine {

    User user(String name, Role role) {
        return catalog.<Optional<User>>write(s -> s.users().create(name, role, "hash-" + name, 1)).orElseThrow();
    }

    @Test
    void userNamesAreUniqueWithoutCaseAndFoundWithoutCase() {
        User ann = user("Ann", Role.ADMIN);
        user("bob", Role.VIEWER);
        assertThat(catalog.<Optional<User>>write(s -> s.users().create("ANN", Role.VIEWER, "x", 2))).isEmpty();
        assertThat(catalog.<Optional<User>>read(s -> s.users().find("aNn"))).map(User::id).contains(ann.id());
        assertThat(catalog.<Optional<String>>read(s -> s.users().passwordHash("ann"))).contains("hash-Ann");
        assertThat(catalog.<List<User>>read(s -> s.users().list())).extracting(User::name).containsExactly("Ann", "bob");
        assertThat(catalog.<Long>read(s -> s.users().count())).isEqualTo(2);
        assertThat(catalog.<Long>read(s -> s.users().countWithRole(Role.ADMIN))).isEqualTo(1);
        assertThat(catalog.<Boolean>write(s -> s.users().setRole(ann.id(), Role.EDITOR, 3))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.users().setPasswordHash(ann.id(), "new", 3))).isTrue();
        User changed = catalog.<Optional<User>>read(s -> s.users().find(ann.id())).orElseThrow();
        assertThat(changed.role()).isEqualTo(Role.EDITOR);
        assertThat(changed.updatedAt().toEpochMilli()).isEqualTo(3);
        assertThat(catalog.<Boolean>write(s -> s.users().delete(ann.id()))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.users().delete(ann.id()))).isFalse();
    }

    @Test
    void sessionsAndApiKeysLiveAndEndWithTheirUser() {
        User ann = user("ann", Role.EDITOR);
        long s1 = catalog.write(s -> s.sessions().create("t1", ann.id(), 1_000, 10_000, "127.0.0.1", "test"));
        long s2 = catalog.write(s -> s.sessions().create("t2", ann.id(), 1_000, 2_000, null, null));
        var found = catalog.<Optional<SessionRepository.Found>>read(s -> s.sessions().findByTokenHash("t1")).orElseThrow();
        assertThat(found.userId()).isEqualTo(ann.id());
        assertThat(found.session().userName()).isEqualTo("ann");
        catalog.update(s -> s.sessions().touch(s1, 1_500));
        assertThat(catalog.<Optional<SessionRepository.Found>>read(s -> s.sessions().find(s1)).orElseThrow().session()
                .lastSeenAt().toEpochMilli()).isEqualTo(1_500);
        assertThat(catalog.<List<AuthSession>>read(s -> s.sessions().forUser(ann.id()))).extracting(AuthSession::id)
                .containsExactly(s2, s1);
        assertThat(catalog.<Integer>write(s -> s.sessions().deleteEnded(3_000, 60_000))).as("expired").isEqualTo(1);
        assertThat(catalog.<Integer>write(s -> s.sessions().deleteEnded(3_000, 1_000))).as("idle").isEqualTo(1);

        long key = catalog.write(s -> s.apiKeys().create(ann.id(), "ci", "dam_ab", "kh", Role.VIEWER, 1_000, null));
        var byHash = catalog.<Optional<ApiKeyRepository.Found>>read(s -> s.apiKeys().findByHash("kh")).orElseThrow();
        assertThat(byHash.userRole()).isEqualTo(Role.EDITOR);
        assertThat(byHash.key().role()).isEqualTo(Role.VIEWER);
        catalog.update(s -> s.apiKeys().touch(key, 1_200));
        assertThat(catalog.<Boolean>write(s -> s.apiKeys().revoke(key, 1_300))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.apiKeys().revoke(key, 1_400))).isFalse();
        ApiKey k = catalog.<Optional<ApiKey>>read(s -> s.apiKeys().find(key)).orElseThrow();
        assertThat(k.lastUsedAt().toEpochMilli()).isEqualTo(1_200);
        assertThat(k.revokedAt().toEpochMilli()).isEqualTo(1_300);
        assertThat(catalog.<List<ApiKey>>read(s -> s.apiKeys().list(ann.id()))).hasSize(1);
        assertThat(catalog.<List<ApiKey>>read(s -> s.apiKeys().list(null))).hasSize(1);

        long s3 = catalog.write(s -> s.sessions().create("t3", ann.id(), 1_000, 99_000, null, null));
        catalog.update(s -> s.users().delete(ann.id()));
        assertThat(catalog.<Optional<SessionRepository.Found>>read(s -> s.sessions().find(s3))).isEmpty();
        assertThat(catalog.<Optional<ApiKey>>read(s -> s.apiKeys().find(key))).isEmpty();
    }

    @Test
    void auditQueriesByUserWithoutCaseByTimeAndAction() {
        catalog.update(s -> {
            s.audit().append(1_000, "Ann", "login", null, null, "127.0.0.1");
            s.audit().append(2_000, "bob", "asset.edit", "asset 1", "title", null);
            s.audit().append(3_000, "ann", "asset.edit", "asset 2", null, null);
        });
        assertThat(catalog.<List<AuditEntry>>read(s -> s.audit().query("ANN", null, null, 10)))
                .extracting(AuditEntry::at).extracting(java.time.Instant::toEpochMilli).containsExactly(3_000L, 1_000L);
        assertThat(catalog.<List<AuditEntry>>read(s -> s.audit().query(null, 2_000L, List.of("asset.edit"), 10))).hasSize(2);
        assertThat(catalog.<List<AuditEntry>>read(s -> s.audit().query(null, null, List.of(), 10))).isEmpty();
        assertThat(catalog.<List<AuditEntry>>read(s -> s.audit().query(null, null, null, 1))).hasSize(1);
        assertThat(catalog.<Integer>write(s -> s.audit().deleteBefore(2_500))).isEqualTo(2);
    }

    @Test
    void shareLinksNameAnAssetOrABatch() {
        long asset = helper.addAsset("/m/a.mp4", "Trip", 10, "h");
        long batch = catalog.<Long>write(s -> s.batches().idFor("Trip", 1));
        long l1 = catalog.write(s -> s.shareLinks().create("tok1", asset, null, "ann", 1_000, 5_000L, "pw"));
        long l2 = catalog.write(s -> s.shareLinks().create("tok2", null, batch, "ann", 1_100, null, null));
        assertThatThrownBy(() -> catalog.write(s -> s.shareLinks().create("tok3", asset, batch, "ann", 1, null, null)))
                .as("one or the other").isInstanceOf(CatalogException.class);
        ShareLink byToken = catalog.<Optional<ShareLink>>read(s -> s.shareLinks().findByToken("tok1")).orElseThrow();
        assertThat(byToken.assetTitle()).isEqualTo("a.mp4");
        assertThat(byToken.passwordHash()).isEqualTo("pw");
        assertThat(catalog.<Optional<ShareLink>>read(s -> s.shareLinks().find(l2)).orElseThrow().batch()).isEqualTo("Trip");
        assertThat(catalog.<List<ShareLink>>read(s -> s.shareLinks().list(10, 0))).extracting(ShareLink::id).containsExactly(l2, l1);
        assertThat(catalog.<Boolean>write(s -> s.shareLinks().revoke(l1, 2_000))).isTrue();
        assertThat(catalog.<Boolean>write(s -> s.shareLinks().revoke(l1, 2_000))).isFalse();
        catalog.update(s -> s.assets().delete(asset));
        assertThat(catalog.<Optional<ShareLink>>read(s -> s.shareLinks().find(l1))).as("goes with its asset").isEmpty();
    }

    @Test
    void preferencesAndSavedSearchesBelongToTheirUser() {
        User ann = user("ann", Role.VIEWER);
        catalog.update(s -> {
            s.preferences().put(ann.id(), "grid", "{\"size\":3}", 1);
            s.preferences().put(ann.id(), "grid", "{\"size\":4}", 2);
            s.preferences().put(ann.id(), "theme", "\"dark\"", 2);
        });
        assertThat(catalog.<Map<String, String>>read(s -> s.preferences().all(ann.id())))
                .containsExactly(Map.entry("grid", "{\"size\":4}"), Map.entry("theme", "\"dark\""));
        assertThat(catalog.<Boolean>write(s -> s.preferences().remove(ann.id(), "theme"))).isTrue();
        assertThat(catalog.<Integer>read(s -> s.preferences().count(ann.id()))).isEqualTo(1);

        long first = catalog.write(s -> s.savedSearches().save(ann.id(), "Beach", "sand", "", null, 1));
        catalog.write(s -> s.savedSearches().save(ann.id(), "alps", "snow", "kind:video", "newest", 2));
        long replaced = catalog.write(s -> s.savedSearches().save(ann.id(), "BEACH", "sea", "", null, 3));
        assertThat(catalog.<Optional<SavedSearch>>read(s -> s.savedSearches().find(first))).as("same name without case").isEmpty();
        assertThat(catalog.<Boolean>read(s -> s.savedSearches().exists(ann.id(), "beach"))).isTrue();
        assertThat(catalog.<List<SavedSearch>>read(s -> s.savedSearches().list(ann.id()))).extracting(SavedSearch::name)
                .containsExactly("alps", "BEACH");
        assertThat(catalog.<Optional<SavedSearch>>read(s -> s.savedSearches().find(replaced)).orElseThrow().owner()).isEqualTo("ann");
        assertThat(catalog.<Integer>read(s -> s.savedSearches().count(ann.id()))).isEqualTo(2);
        assertThat(catalog.<Boolean>write(s -> s.savedSearches().delete(replaced))).isTrue();
        catalog.update(s -> s.users().delete(ann.id()));
        assertThat(catalog.<Integer>read(s -> s.savedSearches().count(ann.id()))).isZero();
        assertThat(catalog.<Integer>read(s -> s.preferences().count(ann.id()))).isZero();
    }
}
