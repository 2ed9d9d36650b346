package org.thatdam.catalog.sql;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.FingerprintRepository;
import org.thatdam.model.Fingerprint;

final class JdbiFingerprintRepository implements FingerprintRepository {

    /** Ids per IN (...) list: well under SQLite's bound-parameter limit. */
    private static final int CHUNK = 500;

    private final Handle h;

    JdbiFingerprintRepository(Handle h) {
        this.h = h;
    }

    @Override
    public void put(Fingerprint f) {
        h.createUpdate("""
                INSERT INTO fingerprint (asset_id, version_id, algo, sample_rate, data, content_start_sec,
                    content_end_sec, coarse, created_at)
                VALUES (:asset, :version, :algo, :rate, :data, :start, :end, :coarse, :created)
                ON CONFLICT (asset_id) DO UPDATE SET version_id = excluded.version_id, algo = excluded.algo,
                    sample_rate = excluded.sample_rate, data = excluded.data, content_start_sec = excluded.content_start_sec,
                    content_end_sec = excluded.content_end_sec, coarse = excluded.coarse, created_at = excluded.created_at""")
                .bind("asset", f.assetId()).bind("version", f.versionId()).bind("algo", f.algo())
                .bind("rate", f.sampleRate()).bind("data", encode(f.frames())).bind("start", f.contentStartSec())
                .bind("end", f.contentEndSec()).bind("coarse", f.coarse()).bind("created", f.createdAt().toEpochMilli())
                .execute();
    }

    @Override
    public Optional<Fingerprint> find(long assetId) {
        return h.createQuery("SELECT * FROM fingerprint WHERE asset_id = :id").bind("id", assetId)
                .map((rs, ctx) -> fingerprint(rs)).findOne();
    }

    @Override
    public Map<Long, Fingerprint> forAssets(Collection<Long> assetIds) {
        List<Long> all = new ArrayList<>(assetIds);
        Map<Long, Fingerprint> out = new HashMap<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            h.createQuery("SELECT * FROM fingerprint WHERE asset_id IN (<ids>)")
                    .bindList("ids", all.subList(i, Math.min(all.size(), i + CHUNK)))
                    .map((rs, ctx) -> fingerprint(rs)).forEach(f -> out.put(f.assetId(), f));
        }
        return out;
    }

    @Override
    public List<Summary> current() {
        return h.createQuery("""
                SELECT f.asset_id, f.version_id, f.algo, f.content_start_sec, f.content_end_sec, f.coarse
                FROM fingerprint f JOIN asset a ON a.id = f.asset_id AND a.current_version_id = f.version_id
                ORDER BY f.content_end_sec - f.content_start_sec, f.asset_id""")
                .map((rs, ctx) -> new Summary(rs.getLong("asset_id"), rs.getLong("version_id"), rs.getString("algo"),
                        rs.getDouble("content_start_sec"), rs.getDouble("content_end_sec"), rs.getLong("coarse")))
                .list();
    }

    @Override
    public void delete(long assetId) {
        h.createUpdate("DELETE FROM fingerprint WHERE asset_id = :id").bind("id", assetId).execute();
    }

    private static Fingerprint fingerprint(ResultSet rs) throws SQLException {
        return new Fingerprint(rs.getLong("asset_id"), rs.getLong("version_id"), rs.getString("algo"),
                rs.getDouble("sample_rate"), decode(rs.getBytes("data")), rs.getDouble("content_start_sec"),
                rs.getDouble("content_end_sec"), rs.getLong("coarse"), Rows.instant(rs, "created_at"));
    }

    static byte[] encode(long[] frames) {
        ByteBuffer b = ByteBuffer.allocate(frames.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(frames);
        return b.array();
    }

    static long[] decode(byte[] data) {
        long[] out = new long[data.length / Long.BYTES];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }
}
