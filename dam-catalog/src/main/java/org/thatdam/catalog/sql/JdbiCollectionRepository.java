package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.thatdam.catalog.CollectionRepository;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetCollection;

final class JdbiCollectionRepository implements CollectionRepository {

    private static final String SELECT = """
            SELECT c.*,
                   (SELECT i.asset_id FROM collection_item i WHERE i.collection_id = c.id ORDER BY i.position LIMIT 1) AS first_item,
                   (SELECT count(*) FROM collection_item i WHERE i.collection_id = c.id) AS n_items,
                   (SELECT count(*) FROM collection k WHERE k.parent_id = c.id) AS n_children
              FROM collection c
            """;

    private final Handle h;
    private final SqlDialect dialect;

    JdbiCollectionRepository(Handle h, SqlDialect dialect) {
        this.h = h;
        this.dialect = dialect;
    }

    @Override
    public List<AssetCollection> list() {
        return h.createQuery(SELECT + " ORDER BY coalesce(c.parent_id, 0), c.position, c.id").map((rs, ctx) -> collection(rs)).list();
    }

    @Override
    public Optional<AssetCollection> find(long id) {
        return h.createQuery(SELECT + " WHERE c.id = :id").bind("id", id).map((rs, ctx) -> collection(rs)).findOne();
    }

    @Override
    public long insert(Long parentId, String name, String description, String query, String filter, String createdBy, long now) {
        return h.createQuery("""
                INSERT INTO collection (parent_id, name, description, query, filter, position, created_by, created_at, updated_at)
                VALUES (:parent, :name, :description, :query, :filter,
                        (SELECT coalesce(max(position) + 1, 0) FROM collection WHERE parent_id IS NOT DISTINCT FROM :parent),
                        :by, :now, :now)
                RETURNING id""")
                .bind("parent", parentId).bind("name", name).bind("description", description).bind("query", query)
                .bind("filter", filter).bind("by", createdBy).bind("now", now).mapTo(Long.class).one();
    }

    @Override
    public void update(AssetCollection c, long now) {
        h.createUpdate("""
                UPDATE collection SET name = :name, description = :description, cover_asset_id = :cover, query = :query,
                       filter = :filter, updated_at = :now
                 WHERE id = :id""")
                .bind("name", c.name()).bind("description", c.description()).bind("cover", c.coverAssetId())
                .bind("query", c.query()).bind("filter", c.filter()).bind("now", now).bind("id", c.id()).execute();
    }

    @Override
    public void move(long id, Long parentId, long now) {
        h.createUpdate("""
                UPDATE collection SET parent_id = :parent, updated_at = :now,
                       position = (SELECT coalesce(max(position) + 1, 0) FROM collection WHERE parent_id IS NOT DISTINCT FROM :parent AND id <> :id)
                 WHERE id = :id""").bind("parent", parentId).bind("now", now).bind("id", id).execute();
    }

    @Override
    public boolean delete(long id) {
        // items and sub-collections go by ON DELETE CASCADE; assets are only referenced
        return h.createUpdate("DELETE FROM collection WHERE id = :id").bind("id", id).execute() > 0;
    }

    /** Ids per statement: well under SQLite's limit of bound parameters (32,766). */
    private static final int CHUNK = 10_000;

    @Override
    public Set<Long> existingAssets(Collection<Long> assetIds) {
        Set<Long> found = new HashSet<>();
        List<Long> all = List.copyOf(assetIds);
        for (int i = 0; i < all.size(); i += CHUNK) {
            found.addAll(h.createQuery("SELECT id FROM asset WHERE id IN (<ids>)")
                    .bindList("ids", all.subList(i, Math.min(all.size(), i + CHUNK))).mapTo(Long.class).list());
        }
        return found;
    }

    @Override
    public int addItems(long id, List<Long> assetIds, String addedBy, long now) {
        int next = h.createQuery("SELECT coalesce(max(position) + 1, 0) FROM collection_item WHERE collection_id = :id")
                .bind("id", id).mapTo(Integer.class).one();
        if (assetIds.isEmpty()) return 0;
        // those already in it are ignored; the gaps they leave in the positions do not change the order
        PreparedBatch b = h.prepareBatch("""
                INSERT INTO collection_item (collection_id, asset_id, position, added_at, added_by)
                VALUES (:id, :asset, :pos, :now, :by) ON CONFLICT DO NOTHING""");
        for (long asset : assetIds) b.bind("id", id).bind("asset", asset).bind("pos", next++).bind("now", now).bind("by", addedBy).add();
        int added = java.util.Arrays.stream(b.execute()).sum();
        if (added > 0) touch(id, now);
        return added;
    }

    @Override
    public int removeItems(long id, Collection<Long> assetIds) {
        List<Long> all = List.copyOf(assetIds);
        int removed = 0;
        for (int i = 0; i < all.size(); i += CHUNK) {
            removed += h.createUpdate("DELETE FROM collection_item WHERE collection_id = :id AND asset_id IN (<ids>)")
                    .bind("id", id).bindList("ids", all.subList(i, Math.min(all.size(), i + CHUNK))).execute();
        }
        return removed;
    }

    @Override
    public List<Long> itemIds(long id) {
        return h.createQuery("SELECT asset_id FROM collection_item WHERE collection_id = :id ORDER BY position")
                .bind("id", id).mapTo(Long.class).list();
    }

    @Override
    public List<Asset> items(long id, int limit, int offset) {
        return h.createQuery("SELECT x.* FROM (" + JdbiAssetRepository.SELECT_ASSET + """
                ) x JOIN collection_item i ON i.asset_id = x.id
                 WHERE i.collection_id = :cid ORDER BY i.position LIMIT :limit OFFSET :offset""")
                .bind("cid", id).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> JdbiAssetRepository.asset(rs)).list();
    }

    @Override
    public void orderItems(long id, List<Long> assetIds, long now) {
        PreparedBatch b = h.prepareBatch("UPDATE collection_item SET position = :pos WHERE collection_id = :id AND asset_id = :asset");
        for (int i = 0; i < assetIds.size(); i++) b.bind("pos", i).bind("id", id).bind("asset", assetIds.get(i)).add();
        if (!assetIds.isEmpty()) b.execute();
        touch(id, now);
    }

    @Override
    public void orderChildren(Long parentId, List<Long> ids) {
        PreparedBatch b = h.prepareBatch("UPDATE collection SET position = :pos WHERE id = :id AND parent_id IS NOT DISTINCT FROM :parent");
        for (int i = 0; i < ids.size(); i++) b.bind("pos", i).bind("id", ids.get(i)).bind("parent", parentId).add();
        if (!ids.isEmpty()) b.execute();
    }

    @Override
    public List<Long> holding(long assetId) {
        return h.createQuery("SELECT collection_id FROM collection_item WHERE asset_id = :id ORDER BY collection_id")
                .bind("id", assetId).mapTo(Long.class).list();
    }

    @Override
    public java.util.Map<Long, List<Long>> holdingAll() {
        java.util.Map<Long, List<Long>> out = new java.util.HashMap<>();
        h.createQuery("SELECT asset_id, collection_id FROM collection_item ORDER BY asset_id, collection_id")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .forEach(r -> out.computeIfAbsent(r[0], k -> new java.util.ArrayList<>()).add(r[1]));
        return out;
    }

    private void touch(long id, long now) {
        h.createUpdate("UPDATE collection SET updated_at = :now WHERE id = :id").bind("now", now).bind("id", id).execute();
    }

    private static AssetCollection collection(ResultSet rs) throws SQLException {
        return new AssetCollection(rs.getLong("id"), Rows.longOrNull(rs, "parent_id"), rs.getString("name"),
                rs.getString("description"), Rows.longOrNull(rs, "cover_asset_id"), rs.getString("query"),
                rs.getString("filter"), rs.getInt("position"), rs.getString("created_by"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"), Rows.longOrNull(rs, "first_item"), rs.getLong("n_items"), rs.getLong("n_children"));
    }
}
