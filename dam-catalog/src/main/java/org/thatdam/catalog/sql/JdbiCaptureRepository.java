package org.thatdam.catalog.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.thatdam.catalog.CaptureRepository;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSourceKind;
import org.thatdam.model.TakeState;

final class JdbiCaptureRepository implements CaptureRepository {

    private final Handle h;

    JdbiCaptureRepository(Handle h) {
        this.h = h;
    }

    @Override
    public void putSource(SourceRow s) {
        LiveSettings st = s.settings() == null ? LiveSettings.DEFAULT : s.settings();
        h.createUpdate("""
                INSERT INTO capture_source (id, kind, name, url, width, height, rate, format, audio, transport, created_at, created_by)
                VALUES (:id, :kind, :name, :url, :width, :height, :rate, :format, :audio, :transport, :created, :by)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, width = excluded.width,
                    height = excluded.height, rate = excluded.rate, format = excluded.format, audio = excluded.audio,
                    transport = excluded.transport""")
                .bind("id", s.id()).bind("kind", s.kind().id()).bind("name", s.name()).bind("url", s.url())
                .bind("width", st.width()).bind("height", st.height())
                .bind("rate", st.rate() == null ? null : st.rate().toString()).bind("format", st.format())
                .bind("audio", st.audio()).bind("transport", st.transport())
                .bind("created", s.createdAt().toEpochMilli()).bind("by", s.createdBy())
                .execute();
    }

    @Override
    public Optional<SourceRow> source(String id) {
        return h.createQuery("SELECT * FROM capture_source WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> source(rs)).findOne();
    }

    @Override
    public List<SourceRow> sources() {
        return h.createQuery("SELECT * FROM capture_source ORDER BY created_at, id").map((rs, ctx) -> source(rs)).list();
    }

    @Override
    public boolean deleteSource(String id) {
        return h.createUpdate("DELETE FROM capture_source WHERE id = :id").bind("id", id).execute() > 0;
    }

    @Override
    public CaptureTake insertTake(CaptureTake t, String owner, String stagingPath) {
        long id = h.createQuery("""
                INSERT INTO capture_take (source, name, state, staging_path, path, started_at, finished_at, start_timecode,
                    frame_rate, duration_seconds, bytes, dropped_frames, operator, owner, asset_id, batch, error)
                VALUES (:source, :name, :state, :staging, :path, :started, :finished, :timecode, :rate, :duration, :bytes,
                    :dropped, :operator, :owner, :asset, :batch, :error)
                RETURNING id""")
                .bind("source", t.source()).bind("name", t.name()).bind("staging", stagingPath).bind("owner", owner)
                .bind("operator", t.operator())
                .bindMap(changing(t))
                .mapTo(Long.class).one();
        return withId(t, id);
    }

    @Override
    public void updateTake(CaptureTake t) {
        h.createUpdate("""
                UPDATE capture_take SET state = :state, path = :path, started_at = :started, finished_at = :finished,
                    start_timecode = :timecode, frame_rate = :rate, duration_seconds = :duration, bytes = :bytes,
                    dropped_frames = :dropped, asset_id = :asset, batch = :batch, error = :error
                WHERE id = :id""")
                .bind("id", t.id()).bindMap(changing(t)).execute();
    }

    @Override
    public void setStagingPath(long id, String stagingPath) {
        h.createUpdate("UPDATE capture_take SET staging_path = :p WHERE id = :id").bind("id", id).bind("p", stagingPath).execute();
    }

    private static java.util.Map<String, Object> changing(CaptureTake t) {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("state", t.state().id());
        m.put("path", t.path());
        m.put("started", t.startedAt().toEpochMilli());
        m.put("finished", t.finishedAt() == null ? null : t.finishedAt().toEpochMilli());
        m.put("timecode", t.startTimecode());
        m.put("rate", t.frameRate() == null ? null : t.frameRate().toString());
        m.put("duration", t.durationSeconds());
        m.put("bytes", t.bytes());
        m.put("dropped", t.droppedFrames());
        m.put("asset", t.assetId());
        m.put("batch", t.batch());
        m.put("error", t.error());
        return m;
    }

    @Override
    public Optional<TakeRow> take(long id) {
        return h.createQuery("SELECT * FROM capture_take WHERE id = :id").bind("id", id).map((rs, ctx) -> take(rs)).findOne();
    }

    @Override
    public List<TakeRow> takes(int limit) {
        return h.createQuery("SELECT * FROM capture_take ORDER BY id DESC LIMIT :limit").bind("limit", Math.max(0, limit))
                .map((rs, ctx) -> take(rs)).list();
    }

    @Override
    public List<TakeRow> takesIn(TakeState state) {
        return h.createQuery("SELECT * FROM capture_take WHERE state = :state ORDER BY id").bind("state", state.id())
                .map((rs, ctx) -> take(rs)).list();
    }

    private static SourceRow source(ResultSet rs) throws SQLException {
        String rate = rs.getString("rate");
        LiveSettings settings = new LiveSettings(Rows.intOrNull(rs, "width"), Rows.intOrNull(rs, "height"),
                rate == null ? null : FrameRate.parse(rate), rs.getString("format"), rs.getString("audio"), rs.getString("transport"));
        return new SourceRow(rs.getString("id"), kind(rs.getString("kind")), rs.getString("name"), rs.getString("url"), settings,
                Rows.instant(rs, "created_at"), rs.getString("created_by"));
    }

    private static LiveSourceKind kind(String id) {
        for (LiveSourceKind k : LiveSourceKind.values()) if (k.id().equals(id)) return k;
        throw new IllegalArgumentException("unknown source kind " + id);
    }

    private static TakeRow take(ResultSet rs) throws SQLException {
        String rate = rs.getString("frame_rate");
        CaptureTake t = new CaptureTake(rs.getLong("id"), rs.getString("source"), rs.getString("name"),
                TakeState.parse(rs.getString("state")), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"),
                rs.getString("start_timecode"), rate == null ? null : FrameRate.parse(rate), rs.getDouble("duration_seconds"),
                rs.getLong("bytes"), rs.getLong("dropped_frames"), rs.getString("operator"), Rows.longOrNull(rs, "asset_id"),
                rs.getString("path"), rs.getString("batch"), rs.getString("error"));
        return new TakeRow(t, rs.getString("owner"), rs.getString("staging_path"));
    }

    private static CaptureTake withId(CaptureTake t, long id) {
        return new CaptureTake(id, t.source(), t.name(), t.state(), t.startedAt(), t.finishedAt(), t.startTimecode(),
                t.frameRate(), t.durationSeconds(), t.bytes(), t.droppedFrames(), t.operator(), t.assetId(), t.path(),
                t.batch(), t.error());
    }
}
