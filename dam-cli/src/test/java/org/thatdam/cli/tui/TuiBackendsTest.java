package org.thatdam.cli.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.ConfigLoader;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.serve.LibraryRuntime;
import org.thatdam.core.serve.ServerRunningException;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.JobState;
import org.thatdam.model.Role;
import org.thatdam.server.DamServer;
import org.thatdam.server.LiveServer;
import org.thatdam.server.api.AssetDetailsView;
import org.thatdam.server.api.AssetPatchBody;
import org.thatdam.server.api.JobView;
import org.thatdam.server.api.ScanStatus;
import org.thatdam.server.api.SearchPage;

/**
 * The two ways the terminal UI reaches a library, asked the same questions of one live library: in
 * this process ({@link HomeBackend}) and through its server's HTTP API and event WebSocket ({@link ApiBackend}).
 */
class TuiBackendsTest {

    @RegisterExtension
    static final LiveServer live = LiveServer.withMedia(Map.of("trip/clip.mp4", TestMedia::h264Mp4, "short.mp4", TestMedia::shortClip))
            .jobsDone();

    static HomeBackend home;
    static ApiBackend api;

    @BeforeAll
    static void open() {
        home = HomeBackend.of(live.dam());
        api = ApiBackend.remote(live.url(""), Optional.of(live.key(Role.ADMIN)));
    }

    @AfterAll
    static void close() {
        api.close();
        home.close();
    }

    private static List<TuiBackend> both() {
        return List.of(home, api);
    }

    @Test
    void bothAnswerTheSameQuestionsAlike() {
        var byName = new TuiBackend.ListQuery(null, null, null, "name", 50, 0);
        assertThat(api.list(byName)).isEqualTo(home.list(byName));
        assertThat(home.list(byName).items()).extracting(a -> Path.of(a.path()).getFileName().toString())
                .containsExactly("clip.mp4", "short.mp4");
        var videos = new TuiBackend.ListQuery("trip", "video", "ok", null, 10, 0);
        assertThat(api.list(videos)).isEqualTo(home.list(videos));
        assertThat(home.list(videos).total()).isEqualTo(1);

        assertThat(api.stats()).isEqualTo(home.stats());
        assertThat(home.stats().assets()).isEqualTo(2);

        SearchPage here = home.search("clip", null, null, 10, 0, true);
        SearchPage there = api.search("clip", null, null, 10, 0, true);
        assertThat(withoutTime(there)).isEqualTo(withoutTime(here));
        assertThat(here.items()).extracting(SearchPage.Hit::id).containsExactly(live.idOf("trip/clip.mp4"));
        assertThat(here.facets()).containsKey("kind");
        SearchPage filtered = api.search("", "name", "batch:trip", 10, 0, true);
        assertThat(withoutTime(filtered)).isEqualTo(withoutTime(home.search("", "name", "batch:trip", 10, 0, true)));
        assertThat(filtered.total()).isEqualTo(1);

        var bad = home.check("kind:video duration:>");
        assertThat(api.check("kind:video duration:>")).isEqualTo(bad);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.position()).isNotNull().isPositive();
        assertThat(bad.message()).isNotBlank();
        assertThat(api.check("kind:video").ok()).isTrue();

        long clip = live.idOf("trip/clip.mp4");
        AssetDetailsView details = home.asset(clip);
        assertThat(api.asset(clip)).isEqualTo(details);
        // the flat fields of the summary and of the metadata came back into their records
        assertThat(api.asset(clip).summary().videoCodec()).isEqualTo("h264");
        assertThat(api.asset(clip).metadata().streams()).isNotEmpty();
        assertThat(details.derivatives()).extracting(d -> d.kind()).contains("poster-small", "proxy");

        assertThat(api.jobs(JobState.DONE, 100)).isEqualTo(home.jobs(JobState.DONE, 100));
        assertThat(home.jobs(null, 100).items()).isNotEmpty();
        assertThat(api.roots()).isEqualTo(home.roots());

        byte[] poster = home.poster(clip).orElseThrow();
        assertThat(api.poster(clip)).hasValueSatisfying(p -> assertThat(p).isEqualTo(poster));
        assertThat(poster).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF); // a JPEG
        assertThat(home.proxyFile(clip)).hasValueSatisfying(p -> assertThat(p).isRegularFile());
        assertThat(api.proxyFile(clip)).as("a server of another machine: its files are not here").isEmpty();

        for (TuiBackend b : both()) {
            assertThatThrownBy(() -> b.asset(987_654_321)).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(e.getMessage()).isEqualTo("no asset with id 987654321");
            });
            assertThatThrownBy(() -> b.list(new TuiBackend.ListQuery(null, "sculpture", null, null, 10, 0)))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.getMessage()).startsWith("invalid kind"));
        }
    }

    @Test
    void editsAndRegenerationsWorkThroughBothAndTheirEventsArrive() throws Exception {
        long clip = live.idOf("trip/clip.mp4");
        List<LiveEvent> here = new CopyOnWriteArrayList<>();
        List<LiveEvent> there = new CopyOnWriteArrayList<>();
        try (AutoCloseable a = home.subscribe(here::add); AutoCloseable b = api.subscribe(there::add)) {
            awaitStreamOpen(there);
            AssetDetailsView edited = home.edit(clip, new AssetPatchBody("Holiday", null, List.of("beach"), null,
                    null, null, null, null));
            assertThat(edited.summary().title()).isEqualTo("Holiday");
            AssetDetailsView again = api.edit(clip, new AssetPatchBody(null, null, List.of("beach", "sun"), "at the sea",
                    null, null, null, null));
            assertThat(again.tags()).containsExactlyInAnyOrder("beach", "sun");
            assertThat(again.summary().title()).isEqualTo("Holiday");
            AssetPatchBody hostile = new AssetPatchBody("Holiday \u001b[2J", null, null, null, null, null, null, null);
            DamException refusedHere = catchThrowableOfType(DamException.class, () -> home.edit(clip, hostile));
            DamException refusedThere = catchThrowableOfType(DamException.class, () -> api.edit(clip, hostile));
            assertThat(refusedThere.code()).isEqualTo(refusedHere.code()).isEqualTo(ErrorCode.INVALID);
            assertThat(refusedThere.getMessage()).isEqualTo(refusedHere.getMessage()).contains("control character");
            assertThat(home.asset(clip)).isEqualTo(again);

            JobView poster = api.regenerate(clip, JobKind.POSTER);
            JobView sprite = home.regenerate(clip, JobKind.SPRITE);
            for (JobView job : List.of(poster, sprite)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> finished(here, job.id()) && finished(there, job.id()));
                assertThat(api.jobs(null, 200).items()).filteredOn(j -> j.id() == job.id())
                        .singleElement().extracting(JobView::state).isEqualTo(JobState.DONE);
            }
            // the same event, the same JSON, whichever way it came
            assertThat(doneOf(there, poster.id())).hasToString(doneOf(here, poster.id()).toString());
            assertThat(there).anyMatch(e -> e.type().equals("asset.updated") && e.body().path("assetId").asLong() == clip);

            assertThatThrownBy(() -> api.regenerate(clip, JobKind.BACKUP)).isInstanceOfSatisfying(DamException.class,
                    e -> assertThat(e.code()).isIn(ErrorCode.BAD_REQUEST, ErrorCode.INVALID));
            assertThatThrownBy(() -> home.regenerate(clip, JobKind.BACKUP)).isInstanceOfSatisfying(DamException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }

    @Test
    void scansStartThroughBothAndReportTheirProgress() throws Exception {
        live.dam().roots().add(live.mediaDir(), Actor.commandLine());
        List<LiveEvent> here = new CopyOnWriteArrayList<>();
        List<LiveEvent> there = new CopyOnWriteArrayList<>();
        try (AutoCloseable a = home.subscribe(here::add); AutoCloseable b = api.subscribe(there::add)) {
            awaitStreamOpen(there);
            ScanStatus all = api.scan(null);
            await().atMost(Duration.ofSeconds(60)).until(() -> scanFinished(here, all.id()) && scanFinished(there, all.id()));
            assertThat(there).anyMatch(e -> e.type().equals("scan.started") && e.body().path("scanId").asText().equals(all.id()));
            ScanStatus trip = home.scan(live.mediaDir().resolve("trip").toString());
            await().atMost(Duration.ofSeconds(60)).until(() -> scanFinished(there, trip.id()));
            assertThat(api.scans()).isEqualTo(home.scans());
            assertThat(home.scans()).extracting(ScanStatus::id).contains(all.id(), trip.id());
            for (TuiBackend backend : both()) {
                assertThatThrownBy(() -> backend.scan("/")).isInstanceOfSatisfying(DamException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    assertThat(e.getMessage()).startsWith("not inside a library root");
                });
            }
        }
    }

    @Test
    void aKeyWhoseRoleMayNotEditIsToldSo() {
        long clip = live.idOf("short.mp4");
        try (ApiBackend viewer = ApiBackend.remote(live.url(""), Optional.of(live.key(Role.VIEWER)))) {
            assertThat(viewer.asset(clip).summary().id()).isEqualTo(clip);
            assertThatThrownBy(() -> viewer.edit(clip, new AssetPatchBody("mine", null, null, null, null, null, null, null)))
                    .isInstanceOfSatisfying(DamException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                        assertThat(e.getMessage()).startsWith("this key's role may not edit assets (this needs the editor role");
                    });
            assertThatThrownBy(() -> viewer.regenerate(clip, JobKind.POSTER)).isInstanceOfSatisfying(DamException.class,
                    e -> assertThat(e.getMessage()).startsWith("this key's role may not regenerate derivatives"));
        }
        try (ApiBackend nobody = ApiBackend.remote(live.url("/"), Optional.empty());
             ApiBackend wrong = ApiBackend.remote(live.url(""), Optional.of("dam_notakey"))) {
            assertThatThrownBy(nobody::stats).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                assertThat(e.getMessage()).contains("needs an API key").contains("--api-key-file");
            });
            assertThatThrownBy(wrong::stats).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                assertThat(e.getMessage()).contains("does not accept this API key");
            });
        }
    }

    @Test
    void aBadServerAddressIsRefusedInWords() {
        for (String bad : List.of("ftp://dam.example.org", "dam.example.org", "http://user:pw@dam.example.org",
                "https://dam.example.org/?q=1", "http://[::1", "http://dam\u001b[2J.example.org")) {
            assertThatThrownBy(() -> ApiBackend.remote(bad, Optional.empty())).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID);
                assertThat(e.getMessage()).startsWith("--server: ").doesNotContain("\u001b");
            });
        }
        try (ApiBackend b = ApiBackend.remote(" https://dam.example.org:8443/dam/ ", Optional.empty())) {
            assertThat(b.describe()).isEqualTo("server https://dam.example.org:8443/dam");
            assertThat(b.eventsUri()).hasToString("wss://dam.example.org:8443/dam/api/v1/events");
        }
    }

    @Test
    void aServerThatGoesAwayIsReportedOfflineThenOnlineWhenBackAndClosingLeavesNoThread() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ApiBackend b = ApiBackend.remote("http://127.0.0.1:" + port, Optional.of(live.key(Role.ADMIN)));
        List<LiveEvent> seen = new CopyOnWriteArrayList<>();
        AutoCloseable sub = b.subscribe(seen::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(seen, "tui.offline") == 1);
        assertThat(seen.get(0).body().path("message").asText()).isEqualTo("lost the connection to server http://127.0.0.1:"
                + port + "; trying again");
        assertThatThrownBy(b::stats).isInstanceOfSatisfying(DamException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("cannot reach server http://127.0.0.1:" + port + ": connection refused");
        });
        try (DamServer back = DamServer.start(live.dam(), "127.0.0.1", port)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> count(seen, "tui.online") == 1);
            awaitStreamOpen(seen);
            assertThat(b.stats()).isEqualTo(home.stats());
            assertThat(count(seen, "tui.offline")).as("retried quietly until back").isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> count(seen, "tui.offline") == 2);
        assertThat(threadsOf(b)).isNotEmpty();
        sub.close();
        b.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> threadsOf(b).isEmpty());
    }

    @Test
    void aServerSendingMoreThanAnEventIsAskedAgainLessAndLessOften() throws Exception {
        List<Long> connections = new CopyOnWriteArrayList<>();
        String huge = "{\"type\":\"asset.changed\",\"pad\":\"" + "x".repeat(ApiBackend.MAX_EVENT) + "\"}";
        io.javalin.Javalin server = io.javalin.Javalin.create().ws("/api/v1/events", ws -> ws.onConnect(ctx -> {
            connections.add(System.nanoTime());
            ctx.send(huge);
        }));
        server.start("127.0.0.1", 0);
        try (ApiBackend b = ApiBackend.remote("http://127.0.0.1:" + server.port(), Optional.empty())) {
            List<LiveEvent> seen = new CopyOnWriteArrayList<>();
            AutoCloseable sub = b.subscribe(seen::add);
            // each connection is dropped at once for its message: the pauses between attempts grow (0.5, 1, 2 s)
            // instead of starting over at every connection that opened
            await().atMost(Duration.ofSeconds(20)).until(() -> connections.size() >= 4);
            assertThat(Duration.ofNanos(connections.get(3) - connections.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            assertThat(seen).extracting(LiveEvent::type).containsOnly("tui.offline", "tui.online");
            sub.close();
        } finally {
            server.stop();
        }
    }

    @Test
    void aHostileServersAnswersAreCutOffAndTheirWordsCleaned() throws Exception {
        HttpServer hostile = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostile.createContext("/api/v1/assets/1/poster", ex -> {
            byte[] jpeg = new byte[ApiBackend.MAX_POSTER + 1];
            ex.sendResponseHeaders(200, jpeg.length);
            try (var out = ex.getResponseBody()) {
                out.write(jpeg);
            } catch (java.io.IOException e) {
                // the client hung up, as it should
            }
        });
        hostile.createContext("/api/v1/stats", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no length says in advance how much comes
            try (var out = ex.getResponseBody()) {
                byte[] spaces = " ".repeat(64 * 1024).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                for (int i = 0; i <= ApiBackend.MAX_BODY / spaces.length; i++) out.write(spaces);
            } catch (java.io.IOException e) {
                // the client hung up, as it should
            }
        });
        hostile.createContext("/api/v1/assets/2", ex -> {
            byte[] refusal = ("{\"error\":{\"code\":\"not_found\",\"message\":\"no \\u001b[2J asset " + "x".repeat(1000) + "\"}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(404, refusal.length);
            try (var out = ex.getResponseBody()) {
                out.write(refusal);
            }
        });
        hostile.createContext("/api/v1/assets", ex -> {
            byte[] page = "{\"items\":[null],\"total\":1,\"limit\":50,\"offset\":0}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, page.length);
            try (var out = ex.getResponseBody()) {
                out.write(page);
            }
        });
        hostile.createContext("/api/v1/jobs", ex -> {
            byte[] nothing = "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, nothing.length);
            try (var out = ex.getResponseBody()) {
                out.write(nothing);
            }
        });
        hostile.start();
        try (ApiBackend b = ApiBackend.remote("http://127.0.0.1:" + hostile.getAddress().getPort(), Optional.empty())) {
            // null where a page or a row belongs: said in words here, never met by a view
            assertThatThrownBy(() -> b.list(new TuiBackend.ListQuery(null, null, null, null, 50, 0)))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.getMessage()).contains("not the expected AssetPage"));
            assertThatThrownBy(() -> b.jobs(null, 50))
                    .isInstanceOfSatisfying(DamException.class, e -> assertThat(e.getMessage()).contains("not the expected JobList"));
            assertThatThrownBy(() -> b.poster(1)).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
                assertThat(e.getMessage()).endsWith("answered " + (ApiBackend.MAX_POSTER + 1) + " bytes, more than the "
                        + ApiBackend.MAX_POSTER + " allowed");
            });
            assertThatThrownBy(b::stats).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
                assertThat(e.getMessage()).endsWith("more than the " + ApiBackend.MAX_BODY + " bytes allowed");
            });
            // a refusal's words reach the screen as one short line without control characters
            assertThatThrownBy(() -> b.asset(2)).isInstanceOfSatisfying(DamException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(e.getMessage()).startsWith("no ?[2J asset xxx").endsWith("…").hasSize(ApiBackend.MAX_WORDS + 1);
            });
        } finally {
            hostile.stop(0);
        }
    }

    /**
     * The decision for a server started on the home while the terminal UI works on it in-process: the
     * UI hands the search index over (only one process can write it) and asks the server's search, and
     * takes the index back once the server stops; a notice says so. Opening in-process while a server
     * runs is refused (the command talks to that server instead).
     */
    @Test
    void aServerStartedOnTheHomeLaterGetsTheSearchIndex(@TempDir Path tmp) throws Exception {
        DamConfig config = ConfigLoader.load(Map.of(), null, Map.of(ConfigKey.HOME, tmp.resolve("home").toString(),
                ConfigKey.SEMANTIC_AUTO, "false", ConfigKey.SCAN_SETTLE_SECONDS, "0"));
        Path media = java.nio.file.Files.createDirectories(tmp.resolve("media"));
        TestMedia.copy(TestMedia.png(), media, "frame.png");
        try (var first = org.thatdam.core.Dam.open(config)) {
            first.roots().add(media, Actor.commandLine());
        }
        List<LiveEvent> seen = new CopyOnWriteArrayList<>();
        try (HomeBackend inProcess = HomeBackend.open(config); AutoCloseable sub = inProcess.subscribe(seen::add)) {
            // the library opened here scans and runs the jobs the scan queues
            ScanStatus scan = inProcess.scan(null);
            await().atMost(Duration.ofSeconds(60)).until(() -> scanFinished(seen, scan.id()) && seen.stream().anyMatch(e ->
                    e.type().equals("job.state") && e.body().path("kind").asText().equals("poster")
                            && e.body().path("state").asText().equals("done")));
            long frame = inProcess.search("frame", null, null, 10, 0, true).items().get(0).id(); // the index is opened here
            assertThat(inProcess.poster(frame)).hasValueSatisfying(p -> assertThat(p).startsWith((byte) 0xFF, (byte) 0xD8));

            try (LibraryRuntime runtime = LibraryRuntime.open(config);
                 DamServer server = DamServer.start(runtime.dam(), "127.0.0.1", 0)) {
                runtime.publish("127.0.0.1", server.port(), "http://127.0.0.1:" + server.port());
                runtime.start(false);
                assertThat(inProcess.search("frame", null, null, 10, 0, true).items()).extracting(SearchPage.Hit::id).containsExactly(frame);
                assertThat(runtime.dam().openedSearch()).as("the server has the index now").isPresent();
                assertThat(seen).filteredOn(e -> e.type().equals(HomeBackend.NOTICE)).singleElement()
                        .satisfies(e -> assertThat(e.body().path("message").asText()).startsWith("a server started on this library"));
                assertThatThrownBy(() -> HomeBackend.open(config)).isInstanceOf(ServerRunningException.class);
            }
            assertThat(inProcess.search("frame", null, null, 10, 0, true).total()).isEqualTo(1);
            assertThat(seen).filteredOn(e -> e.type().equals(HomeBackend.NOTICE)).last()
                    .satisfies(e -> assertThat(e.body().path("message").asText()).startsWith("the server on this library stopped"));
        }
    }

    private static long count(List<LiveEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    private static List<Thread> threadsOf(ApiBackend b) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(b.threadPrefix())).toList();
    }

    private static SearchPage withoutTime(SearchPage p) {
        return new SearchPage(p.total(), p.items(), p.facets(), 0, p.sort());
    }

    /** The event stream is open once a first event crossed it: an edit's asset.updated. */
    private static void awaitStreamOpen(List<LiveEvent> events) {
        long any = live.idOf("short.mp4");
        var rating = new java.util.concurrent.atomic.AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            live.dam().assets().update(any, org.thatdam.core.library.AssetPatch.none().withRating(rating.incrementAndGet() % 5 + 1),
                    Actor.commandLine());
            return events.stream().anyMatch(e -> e.type().equals("asset.updated"));
        });
    }

    private static boolean finished(List<LiveEvent> events, long jobId) {
        return doneOf(events, jobId) != null;
    }

    private static com.fasterxml.jackson.databind.JsonNode doneOf(List<LiveEvent> events, long jobId) {
        return events.stream().filter(e -> e.type().equals("job.state") && e.body().path("jobId").asLong() == jobId
                && e.body().path("state").asText().equals("done")).map(LiveEvent::body).findFirst().orElse(null);
    }

    private static boolean scanFinished(List<LiveEvent> events, String scanId) {
        return events.stream().anyMatch(e -> e.type().equals("scan.finished") && e.body().path("scanId").asText().equals(scanId));
    }
}
