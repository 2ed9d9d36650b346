package org.thatdam.server;

import org.thatdam.core.audit.AuditAction;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.thatdam.core.Dam;
import org.thatdam.core.capture.CaptureService;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.DamException;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSource;
import org.thatdam.model.Role;
import org.thatdam.server.api.CaptureRecordBody;
import org.thatdam.server.api.CaptureSettingsBody;
import org.thatdam.server.api.CaptureSourceBody;
import org.thatdam.server.api.CaptureSourcesView;
import org.thatdam.server.api.CaptureStopBody;
import org.thatdam.server.api.CaptureTakesView;

/**
 * Live capture: the sources (viewers read and watch them, editors record and change their settings,
 * admins add and remove network sources), their live pictures (MJPEG, a still, HLS) and the takes.
 */
final class CaptureRoutes {

    /** Sources one request may name: more than any machine records at once. */
    static final int MAX_SOURCES = 16;
    static final int MAX_TAKES = 256;
    static final int MAX_ID = 128;
    /** The HLS preview's own files: its playlist and numbered segments, nothing else of its folder. */
    private static final Pattern HLS_FILE = Pattern.compile("index\\.m3u8|[A-Za-z0-9_-]{1,64}\\.ts");

    private CaptureRoutes() {}

    static void register(ApiRegistry api, Dam dam, PreviewStreams previews) {
        api.get("/api/v1/capture/sources", "listCaptureSources").role(Role.VIEWER).tag("capture")
                .summary("The live sources (test patterns, cameras, capture cards, network streams), sound inputs and the recording encoder")
                .returns(200, CaptureSourcesView.class).handle(ctx -> ctx.json(sources(dam.capture())));
        api.post("/api/v1/capture/sources", "addCaptureSource").role(Role.ADMIN).audit(AuditAction.CAPTURE_SOURCE_ADD).tag("capture")
                .summary("Add a network source by URL (rtsp, rtsps, srt, rtmp, rtmps, http, https); its credentials are never shown back")
                .body(CaptureSourceBody.class).returns(201, LiveSource.class).handle(ctx -> {
                    CaptureSourceBody b = Bodies.required(ctx, CaptureSourceBody.class);
                    LiveSource s = dam.capture().addNetwork(AccessPolicy.actor(ctx), new CaptureService.NetworkSourceRequest(
                            b.name(), b.url(), b.transport(), b.username(), b.password(), b.audio()));
                    ctx.status(201).header("Location", "/api/v1/capture/sources/" + s.id()).json(s);
                });
        api.get("/api/v1/capture/sources/{source}", "getCaptureSource").role(Role.VIEWER).tag("capture")
                .summary("One live source: its formats, settings, state, viewers and the take it is recording")
                .pathText("source", MAX_ID, "the source's id").returns(200, LiveSource.class)
                .handle(ctx -> ctx.json(dam.capture().source(source(ctx))));
        api.delete("/api/v1/capture/sources/{source}", "removeCaptureSource").role(Role.ADMIN).audit(AuditAction.CAPTURE_SOURCE_REMOVE).tag("capture")
                .summary("Remove a network source (not while it records)").pathText("source", MAX_ID, "the source's id")
                .returnsNothing(204).handle(ctx -> {
                    dam.capture().remove(AccessPolicy.actor(ctx), source(ctx));
                    ctx.status(204);
                });
        api.put("/api/v1/capture/sources/{source}/settings", "configureCaptureSource").role(Role.EDITOR).audit(AuditAction.CAPTURE_SOURCE_SETTINGS).tag("capture")
                .summary("Choose what a source delivers (size, rate, format, paired sound, RTSP transport), among what it offers")
                .pathText("source", MAX_ID, "the source's id").body(CaptureSettingsBody.class).returns(200, LiveSource.class)
                .handle(ctx -> {
                    CaptureSettingsBody b = Bodies.required(ctx, CaptureSettingsBody.class);
                    ctx.json(dam.capture().configure(AccessPolicy.actor(ctx), source(ctx), settings(b)));
                });
        api.get("/api/v1/capture/sources/{source}/preview.mjpeg", "previewCaptureSource").role(Role.VIEWER).tag("capture")
                .summary("The live picture as MJPEG (multipart/x-mixed-replace, boundary 'frame'), for as long as the client reads;"
                        + " a 'No signal' picture each second while the source is lost")
                .pathText("source", MAX_ID, "the source's id")
                .queryInt("fps", PreviewStreams.MAX_FPS, 1, PreviewStreams.MAX_FPS, "at most this many pictures a second")
                .produces(PreviewStreams.CONTENT_TYPE).handle(ctx -> {
                    String id = source(ctx);
                    int fps = Params.integer(ctx, "fps", PreviewStreams.MAX_FPS, 1, PreviewStreams.MAX_FPS);
                    if (ctx.method() == HandlerType.HEAD) {
                        dam.capture().source(id); // not_found as GET would answer, without opening the source
                        PreviewStreams.headers(ctx);
                        return;
                    }
                    previews.stream(ctx, dam.capture(), id, fps);
                });
        api.get("/api/v1/capture/sources/{source}/frame.jpg", "captureSourceFrame").role(Role.VIEWER).tag("capture")
                .summary("The newest picture of a source as a JPEG ('No signal' while it is lost)")
                .pathText("source", MAX_ID, "the source's id").produces("image/jpeg")
                .handle(ctx -> previews.still(ctx, dam.capture(), source(ctx)));
        api.get("/api/v1/capture/sources/{source}/hls/{file}", "captureSourceHls").role(Role.VIEWER).tag("capture")
                .summary("The HLS preview of a source (started on demand): index.m3u8 and its .ts segments")
                .pathText("source", MAX_ID, "the source's id").pathText("file", 70, "index.m3u8 or a segment's name")
                .produces("application/vnd.apple.mpegurl").produces("video/mp2t").handle(ctx -> hls(ctx, dam));

        api.post("/api/v1/capture/record", "recordCapture").role(Role.EDITOR).audit(AuditAction.CAPTURE_RECORD).tag("capture")
                .summary("Start recording one source or several together (within a frame of each other); each take is catalogued when it ends")
                .body(CaptureRecordBody.class).returns(201, CaptureTakesView.class).handle(ctx -> {
                    CaptureRecordBody b = Bodies.required(ctx, CaptureRecordBody.class);
                    ctx.status(201).json(new CaptureTakesView(dam.capture().record(AccessPolicy.actor(ctx), record(b))));
                });
        api.post("/api/v1/capture/stop", "stopCapture").role(Role.EDITOR).audit(AuditAction.CAPTURE_STOP).tag("capture")
                .summary("Stop recordings (of these sources, or these takes; none named: all) and finalise their files")
                .optionalBody(CaptureStopBody.class).returns(200, CaptureTakesView.class).handle(ctx -> {
                    CaptureStopBody b = Bodies.optional(ctx, CaptureStopBody.class);
                    ctx.json(new CaptureTakesView(dam.capture().stop(AccessPolicy.actor(ctx), stop(b))));
                });
        api.get("/api/v1/capture/takes", "listCaptureTakes").role(Role.VIEWER).tag("capture")
                .summary("Recorded takes, newest first, the running ones included")
                .queryInt("limit", 50, 1, DamServer.MAX_LIMIT, "how many").returns(200, CaptureTakesView.class)
                .handle(ctx -> ctx.json(new CaptureTakesView(dam.capture().takes(Params.integer(ctx, "limit", 50, 1, DamServer.MAX_LIMIT)))));
        api.get("/api/v1/capture/takes/{id}", "getCaptureTake").role(Role.VIEWER).tag("capture").summary("One take")
                .returns(200, CaptureTake.class).handle(ctx -> ctx.json(dam.capture().take(Params.id(ctx))));
    }

    static CaptureSourcesView sources(CaptureService capture) {
        CaptureService.Sources s = capture.sources();
        return new CaptureSourcesView(s.sources(), s.audio(), s.encoder());
    }

    private static String source(Context ctx) {
        return ctx.pathParam("source");
    }

    static LiveSettings settings(CaptureSettingsBody b) {
        FrameRate rate;
        try {
            rate = b.rate() == null ? null : FrameRate.parse(b.rate());
        } catch (DamException e) {
            throw DamException.invalid("rate: " + e.getMessage());
        }
        return new LiveSettings(b.width(), b.height(), rate, b.format(), b.audio(), b.transport());
    }

    /** The request as the service takes it; what no request could mean is refused here, before any source is touched. */
    static CaptureService.RecordRequest record(CaptureRecordBody b) {
        if (b.sources().isEmpty()) throw DamException.invalid("sources: name at least one source to record");
        ids("sources", b.sources(), MAX_SOURCES);
        if (b.seconds() != null && !(b.seconds() > 0 && b.seconds() <= 24 * 3600)) {
            throw DamException.invalid("seconds: a recording lasts more than 0 and at most 86400 seconds");
        }
        return new CaptureService.RecordRequest(List.copyOf(b.sources()), b.name(), b.seconds(), b.timecode());
    }

    static CaptureService.StopRequest stop(CaptureStopBody b) {
        List<String> sources = b.sources() == null ? List.of() : b.sources();
        List<Long> takes = b.takes() == null ? List.of() : b.takes();
        ids("sources", sources, MAX_SOURCES);
        if (takes.size() > MAX_TAKES) throw DamException.invalid("takes: at most " + MAX_TAKES + " at once");
        return new CaptureService.StopRequest(List.copyOf(sources), List.copyOf(takes));
    }

    private static void ids(String field, List<String> ids, int max) {
        if (ids.size() > max) throw DamException.invalid(field + ": at most " + max + " at once");
        for (String id : ids) {
            if (id.isBlank() || id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
                throw DamException.invalid(field + ": '" + Params.abbreviate(id) + "' is not a source id");
            }
        }
    }

    private static void hls(Context ctx, Dam dam) throws java.io.IOException {
        String file = ctx.pathParam("file");
        if (!HLS_FILE.matcher(file).matches()) throw DamException.notFound("no such file of the HLS preview: " + Params.abbreviate(file));
        Path p = dam.capture().hls(source(ctx), file);
        if (file.endsWith(".ts")) {
            FileResponder.send(ctx, p, "video/mp2t", file); // a segment never changes once listed
            return;
        }
        // The playlist changes every segment: never cached, read whole (it is a few lines).
        byte[] playlist;
        try {
            if (Files.size(p) > 1 << 20) throw DamException.unavailable("the HLS playlist is larger than expected", null);
            playlist = Files.readAllBytes(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw DamException.notFound("the HLS preview has no playlist yet; ask again in a moment");
        }
        ctx.header("Cache-Control", "no-store").contentType("application/vnd.apple.mpegurl").result(playlist);
    }
}
