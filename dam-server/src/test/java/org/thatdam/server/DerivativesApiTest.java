package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.model.Actor;

/**
 * Derivative files over HTTP (posters, trickplay sprites, proxies) and originals, after the real
 * job engine has made them: content types, exact bytes, byte ranges and conditional requests.
 */
class DerivativesApiTest {

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia();
    /** A portrait phone clip (display rotation 90°) with a space and accents in its name. */
    static final String PORTRAIT = "phone/portrait été.mov";
    static String portraitPath;

    /** A clip whose name is Latin-1 ({@code caf\xE9.mp4}), not valid UTF-8. */
    static Path latin1;

    /** A second process-like view of the same library, configured to serve originals. */
    @RegisterExtension
    @Order(2)
    static final LiveServer originals = LiveServer.sharingHomeOf(live).config(ConfigKey.SERVER_ORIGINALS, "true");

    @BeforeAll
    static void start() throws Exception {
        Path portrait = TestMedia.copy(TestMedia.rotatedMov(), live.mediaDir().resolve("phone"), "portrait été.mov");
        portraitPath = portrait.toRealPath().toString();
        latin1 = TestMedia.copyToRawName(TestMedia.clip(1.5, "160x120"), live.mediaDir().resolve("old"),
                TestMedia.latin1("caf\u00e9.mp4"));
        live.dam().scanner().scan(List.of(portrait.getParent(), latin1), live.dam().scanOptions(Optional.empty(), 1));
        live.runJobs();
        live.dam().roots().addRoot(live.mediaDir(), Actor.commandLine()); // originals are only served from inside a root
    }

    // ------------------------------------------------------------ posters

    @Test
    void postersOfAPortraitVideoAreUprightAtBothSizes() throws Exception {
        long id = idOfPath(portraitPath);
        BufferedImage small = jpeg("/api/v1/assets/" + id + "/poster?size=small");
        BufferedImage large = jpeg("/api/v1/assets/" + id + "/poster?size=large");
        BufferedImage byDefault = jpeg("/api/v1/assets/" + id + "/poster");

        // 640x360 stored, displayed rotated by 90°: upright 360x640; small is 320 on the long side, large is never upscaled.
        assertThat(small.getHeight()).isEqualTo(320);
        assertThat(small.getWidth()).isEqualTo(180);
        assertThat(large.getHeight()).isEqualTo(640);
        assertThat(large.getWidth()).isEqualTo(360);
        assertThat(byDefault.getWidth()).as("size defaults to small").isEqualTo(small.getWidth());
        assertThat(byDefault.getHeight()).isEqualTo(small.getHeight());

        // the same bytes as the files the catalog lists
        JsonNode d = live.getJson("/api/v1/assets/" + id);
        assertThat(bytes("/api/v1/assets/" + id + "/poster?size=large"))
                .isEqualTo(Files.readAllBytes(Path.of(d.path("posterPath").asText())));
        assertThat(bytes("/api/v1/assets/" + id + "/poster?size=small"))
                .isEqualTo(Files.readAllBytes(Path.of(d.path("posterSmallPath").asText())));
    }

    @Test
    void postersOfALandscapeVideoAndAnImageAreNeverUpscaled() throws Exception {
        BufferedImage clipSmall = jpeg("/api/v1/assets/" + live.idOf("trip/clip.mp4") + "/poster?size=small");
        assertThat(clipSmall.getWidth()).isEqualTo(320);
        assertThat(clipSmall.getHeight()).isEqualTo(240);
        BufferedImage clipLarge = jpeg("/api/v1/assets/" + live.idOf("trip/clip.mp4") + "/poster?size=large");
        assertThat(clipLarge.getWidth()).isEqualTo(320);
        assertThat(clipLarge.getHeight()).isEqualTo(240);

        BufferedImage png = jpeg("/api/v1/assets/" + live.idOf("trip/stills/frame.png") + "/poster?size=large");
        assertThat(png.getWidth()).isEqualTo(200);
        assertThat(png.getHeight()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"huge", "medium", "small%00", "320", "small,large", "%3Cscript%3E", "ssssssssssssssssssssssssssssssssssssssssssssssssss"})
    void badPosterSizeIsBadRequest(String size) {
        long id = live.idOf("trip/clip.mp4");
        HttpResponse<String> r = live.get("/api/v1/assets/" + id + "/poster?size=" + size);
        assertThat(LiveServer.assertJsonError("poster size " + size, r, 400).path("code").asText()).isEqualTo("bad_request");
    }

    @Test
    void assetWithoutPosterIsNotFoundJson() {
        long broken = live.idOf("old/broken.mp4");
        for (String size : List.of("small", "large")) {
            HttpResponse<String> r = live.get("/api/v1/assets/" + broken + "/poster?size=" + size);
            JsonNode error = LiveServer.assertJsonError("poster of a failed asset", r, 404);
            assertThat(error.path("code").asText()).isEqualTo("not_found");
            assertThat(error.path("message").asText()).contains("poster");
        }
        LiveServer.assertJsonError("poster of an unknown asset", live.get("/api/v1/assets/987654321/poster"), 404);
        LiveServer.assertJsonError("poster of a bad id", live.get("/api/v1/assets/abc/poster"), 400);
    }

    // ------------------------------------------------------------ sprites

    private static final Pattern CUE = Pattern.compile("^sprites/(\\d+)\\.jpg#xywh=(\\d+),(\\d+),(\\d+),(\\d+)$");
    private static final Pattern TIMING = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) --> (\\d\\d:\\d\\d:\\d\\d\\.\\d{3})$");

    @Test
    void spriteTrackPointsAtSheetsServedUnderSprites() throws Exception {
        for (String name : List.of("trip/clip.mp4", "old/legacy.avi")) {
            long id = live.idOf(name);
            HttpResponse<String> r = live.get("/api/v1/assets/" + id + "/sprite.vtt");
            assertThat(r.statusCode()).as("sprite.vtt of %s: %s", name, r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/vtt"));
            String vtt = r.body();
            assertThat(vtt).startsWith("WEBVTT");
            assertThat(vtt).as("no file-system sheet names left").doesNotContain("sprite-");

            List<String> lines = vtt.lines().toList();
            List<int[]> rects = new ArrayList<>();
            TreeSet<Integer> sheets = new TreeSet<>();
            int timings = 0;
            double previousEnd = 0;
            for (int i = 0; i < lines.size(); i++) {
                Matcher t = TIMING.matcher(lines.get(i));
                if (t.matches()) {
                    timings++;
                    assertThat(seconds(t.group(1))).as("cues are contiguous in %s", name).isEqualTo(previousEnd);
                    previousEnd = seconds(t.group(2));
                    assertThat(previousEnd).isGreaterThan(seconds(t.group(1)));
                    String payload = lines.get(i + 1);
                    Matcher m = CUE.matcher(payload);
                    assertThat(m.matches()).as("cue payload '%s' of %s", payload, name).isTrue();
                    sheets.add(Integer.parseInt(m.group(1)));
                    rects.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))});
                }
            }
            // a clip of about 2 s: a tile every second, the cues cover the whole duration
            double duration = live.getJson("/api/v1/assets/" + id).path("durationSec").asDouble();
            assertThat(timings).as("cues of %s in\n%s", name, vtt).isEqualTo((int) Math.ceil(duration - 1e-9));
            assertThat(previousEnd).as("end of the last cue of %s", name).isCloseTo(duration, org.assertj.core.api.Assertions.within(0.05));
            assertThat(rects).hasSize(timings);
            assertThat(sheets).isNotEmpty().first().isEqualTo(0);

            Path vttFile = Path.of(live.getJson("/api/v1/assets/" + id).path("spriteVttPath").asText());
            for (int sheet : sheets) {
                HttpResponse<byte[]> s = live.getBytes("/api/v1/assets/" + id + "/sprites/" + sheet + ".jpg");
                assertThat(s.statusCode()).isEqualTo(200);
                assertThat(s.headers().firstValue("Content-Type")).hasValue("image/jpeg");
                assertThat(s.body()).isEqualTo(Files.readAllBytes(vttFile.resolveSibling("sprite-" + sheet + ".jpg")));
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(s.body()));
                assertThat(img).as("sheet %d of %s decodes", sheet, name).isNotNull();
                for (int[] rect : rects) {
                    if (rect[0] != sheet) continue;
                    assertThat(rect[3]).as("tile width").isEqualTo(160);
                    assertThat(rect[1] + rect[3]).as("tile inside the sheet").isLessThanOrEqualTo(img.getWidth());
                    assertThat(rect[2] + rect[4]).as("tile inside the sheet").isLessThanOrEqualTo(img.getHeight());
                }
            }
        }
    }

    @Test
    void badSheetNamesAreClientErrors() {
        long id = live.idOf("trip/clip.mp4");
        String base = "/api/v1/assets/" + id + "/sprites/";
        for (String sheet : List.of("1.png", "x.jpg", "-1.jpg", "0.JPG", "0.jpg.jpg", "12345.jpg", "0.jpg%00", "%2e%2e",
                "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e%2fsprite.vtt", "0.jpg;x", "sprite-0.jpg", "%20")) {
            HttpResponse<String> r = live.get(base + sheet);
            LiveServer.assertJsonError("sheet " + sheet, r, 0);
            assertThat(r.statusCode()).as("sheet %s", sheet).isIn(400, 404);
        }
        // sent verbatim on the wire: no client-side normalisation
        for (String sheet : List.of("../x", "../../../../etc/passwd", "..", "../sprite.vtt", "%2e%2e/%2e%2e/x")) {
            LiveServer.RawResponse r = live.raw("GET " + base + sheet + " HTTP/1.1", new byte[0]);
            LiveServer.assertJsonError("raw sheet " + sheet, r, 0);
            assertThat(r.status()).as("sheet %s", sheet).isIn(400, 404);
            assertThat(r.body()).doesNotContain("root:").doesNotContain("WEBVTT");
        }
        // a well-formed name of a sheet that does not exist
        JsonNode missing = LiveServer.assertJsonError("sheet 99", live.get(base + "99.jpg"), 404);
        assertThat(missing.path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void assetsWithoutSpritesAreNotFoundJson() {
        for (String name : List.of("trip/tone.mp3", "trip/stills/frame.png", "old/broken.mp4")) {
            long id = live.idOf(name);
            LiveServer.assertJsonError("sprite.vtt of " + name, live.get("/api/v1/assets/" + id + "/sprite.vtt"), 404);
            LiveServer.assertJsonError("sheet of " + name, live.get("/api/v1/assets/" + id + "/sprites/0.jpg"), 404);
        }
        long mp3 = live.idOf("trip/tone.mp3");
        assertThat(LiveServer.assertJsonError("audio sprite", live.get("/api/v1/assets/" + mp3 + "/sprite.vtt"), 404)
                .path("message").asText()).isEqualTo("asset " + mp3 + " is an audio file: audio files never have a sprite");
    }

    // ------------------------------------------------------------ proxies

    /** The proxy of a transcoded AVI lives under the derivatives; an H.264/AAC MP4 is served from the original. */
    static Path proxyFile(String name) throws IOException {
        long id = live.idOf(name);
        return Path.of(live.getJson("/api/v1/assets/" + id).path("proxyPath").asText());
    }

    @Test
    void aviGetsATranscodedProxyAndABrowserSafeMp4IsServedAsIs() throws Exception {
        Path avi = proxyFile("old/legacy.avi");
        assertThat(avi.toString()).isNotEqualTo(live.path("old/legacy.avi")).endsWith(".mp4");
        assertThat(avi).startsWith(live.dam().layout().derivativesDir());
        HttpResponse<byte[]> r = live.getBytes("/api/v1/assets/" + live.idOf("old/legacy.avi") + "/proxy");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(r.body()).isEqualTo(Files.readAllBytes(avi));
        assertThat(new String(r.body(), 4, 4, StandardCharsets.ISO_8859_1)).as("an MP4 file").isEqualTo("ftyp");

        Path mp4 = proxyFile("trip/clip.mp4");
        assertThat(mp4.toString()).isEqualTo(live.path("trip/clip.mp4"));
        HttpResponse<byte[]> same = live.getBytes("/api/v1/assets/" + live.idOf("trip/clip.mp4") + "/proxy");
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(same.headers().firstValueAsLong("Content-Length")).hasValue(Files.size(mp4));
        assertThat(same.body()).isEqualTo(Files.readAllBytes(mp4));
    }

    @Test
    void audioProxyAndAssetsWithoutProxy() throws Exception {
        long wav = live.idOf("audio/tone.wav");
        HttpResponse<byte[]> r = live.getBytes("/api/v1/assets/" + wav + "/proxy");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("audio/mp4");
        assertThat(r.body()).isEqualTo(Files.readAllBytes(proxyFile("audio/tone.wav")));

        for (String name : List.of("trip/stills/frame.png", "old/broken.mp4")) {
            JsonNode e = LiveServer.assertJsonError("proxy of " + name, live.get("/api/v1/assets/" + live.idOf(name) + "/proxy"), 404);
            assertThat(e.path("code").asText()).isEqualTo("not_found");
        }
        long png = live.idOf("trip/stills/frame.png");
        assertThat(LiveServer.assertJsonError("image proxy", live.get("/api/v1/assets/" + png + "/proxy"), 404)
                .path("message").asText()).isEqualTo("asset " + png + " is an image: images never have a proxy");
        long broken = live.idOf("old/broken.mp4");
        assertThat(LiveServer.assertJsonError("poster of a broken file", live.get("/api/v1/assets/" + broken + "/poster?size=large"), 404)
                .path("message").asText()).contains("poster").doesNotContain("poster-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"old/legacy.avi", "trip/clip.mp4"})
    void proxyRangesAreExact(String name) throws Exception {
        String url = "/api/v1/assets/" + live.idOf(name) + "/proxy";
        byte[] file = Files.readAllBytes(proxyFile(name));
        int size = file.length;
        assertThat(size).isGreaterThan(1000);

        HttpResponse<byte[]> whole = live.getBytes(url);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");

        assertRange(url, "bytes=0-99", 0, 99, file);
        assertRange(url, "bytes=100-199", 100, 199, file);
        assertRange(url, "bytes=" + (size - 1) + "-" + (size - 1), size - 1, size - 1, file);
        assertRange(url, "bytes=-100", size - 100, size - 1, file);
        assertRange(url, "bytes=100-", 100, size - 1, file);
        assertRange(url, "bytes=0-", 0, size - 1, file);
        assertRange(url, "bytes=-" + (size * 2), 0, size - 1, file); // a suffix longer than the file is all of it
        assertRange(url, "bytes=500-" + (size * 10L), 500, size - 1, file); // the end is clamped

        for (String unsatisfiable : List.of("bytes=" + size + "-", "bytes=" + (size + 10) + "-" + (size + 20), "bytes=-0",
                "bytes=99999999999999999999999-")) {
            HttpResponse<String> r = live.send(java.net.http.HttpRequest.newBuilder(live.uri(url)).header("Range", unsatisfiable).GET());
            LiveServer.assertJsonError("Range " + unsatisfiable, r, 416);
            assertThat(r.headers().firstValue("Content-Range")).as("Content-Range of a 416 for %s", unsatisfiable)
                    .hasValue("bytes */" + size);
        }
        // not a valid range at all (end before start): ignored, the whole file comes back (RFC 9110)
        HttpResponse<String> invalid = live.send(java.net.http.HttpRequest.newBuilder(live.uri(url)).header("Range", "bytes=5-2").GET());
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat(invalid.headers().firstValue("Content-Range")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"old/legacy.avi", "trip/clip.mp4"})
    void proxyRevalidatesWithETagAndLastModified(String name) throws Exception {
        String url = "/api/v1/assets/" + live.idOf(name) + "/proxy";
        byte[] file = Files.readAllBytes(proxyFile(name));
        HttpResponse<byte[]> first = live.getBytes(url);
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        ZonedDateTime modified = ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(modified.toInstant()).isEqualTo(Files.getLastModifiedTime(proxyFile(name)).toInstant()
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        HttpResponse<byte[]> inm = live.getBytes(url, "If-None-Match", etag);
        assertThat(inm.statusCode()).isEqualTo(304);
        assertThat(inm.body()).isEmpty();
        assertThat(inm.headers().firstValue("ETag")).hasValue(etag);

        assertThat(live.getBytes(url, "If-None-Match", "\"other\", " + etag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> otherTag = live.getBytes(url, "If-None-Match", "\"something-else\"");
        assertThat(otherTag.statusCode()).isEqualTo(200);
        assertThat(otherTag.body()).isEqualTo(file);

        HttpResponse<byte[]> ims = live.getBytes(url, "If-Modified-Since", lastModified);
        assertThat(ims.statusCode()).isEqualTo(304);
        assertThat(ims.body()).isEmpty();
        String later = DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.plusDays(1));
        assertThat(live.getBytes(url, "If-Modified-Since", later).statusCode()).isEqualTo(304);
        String earlier = DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.minusSeconds(1));
        HttpResponse<byte[]> changed = live.getBytes(url, "If-Modified-Since", earlier);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(file);
        assertThat(live.getBytes(url, "If-Modified-Since", "not a date").statusCode()).isEqualTo(200);
        // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3)
        assertThat(live.getBytes(url, "If-None-Match", "\"x\"", "If-Modified-Since", lastModified).statusCode()).isEqualTo(200);

        // If-Range: the range only while the representation is unchanged
        HttpResponse<byte[]> sameRange = live.getBytes(url, "Range", "bytes=0-9", "If-Range", etag);
        assertThat(sameRange.statusCode()).isEqualTo(206);
        assertThat(sameRange.body()).isEqualTo(Arrays.copyOfRange(file, 0, 10));
        HttpResponse<byte[]> staleRange = live.getBytes(url, "Range", "bytes=0-9", "If-Range", "\"stale\"");
        assertThat(staleRange.statusCode()).isEqualTo(200);
        assertThat(staleRange.body()).isEqualTo(file);
    }

    // ------------------------------------------------------------ originals

    @Test
    void originalsAreForbiddenByDefault() {
        for (String name : List.of("trip/clip.mp4", "old/legacy.avi")) {
            HttpResponse<String> r = live.get("/api/v1/assets/" + live.idOf(name) + "/original");
            JsonNode e = LiveServer.assertJsonError("original of " + name, r, 403);
            assertThat(e.path("code").asText()).isEqualTo("forbidden");
            assertThat(r.headers().firstValue("Content-Disposition")).isEmpty();
        }
    }

    @Test
    void originalsAreServedWhenSwitchedOn() throws Exception {
        String base = originals.url("");
        long avi = live.idOf("old/legacy.avi");
        byte[] file = Files.readAllBytes(Path.of(live.path("old/legacy.avi")));
        HttpResponse<byte[]> r = getBytes(base + "/api/v1/assets/" + avi + "/original");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"legacy.avi\"; filename*=UTF-8''legacy.avi");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.body()).isEqualTo(file);

        HttpResponse<byte[]> range = getBytes(base + "/api/v1/assets/" + avi + "/original", "Range", "bytes=10-19");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + file.length);
        assertThat(range.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"legacy.avi\"; filename*=UTF-8''legacy.avi");
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(file, 10, 20));

        HttpResponse<byte[]> suffix = getBytes(base + "/api/v1/assets/" + avi + "/original", "Range", "bytes=-7");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(file, file.length - 7, file.length));

        HttpResponse<byte[]> none = getBytes(base + "/api/v1/assets/" + avi + "/original", "Range", "bytes=" + file.length + "-");
        assertThat(none.statusCode()).isEqualTo(416);
        assertThat(none.headers().firstValue("Content-Range")).hasValue("bytes */" + file.length);

        // a name with a space and accents is percent-encoded as UTF-8 (RFC 6266 / 8187)
        long portrait = idOfPath(portraitPath);
        HttpResponse<byte[]> accented = getBytes(base + "/api/v1/assets/" + portrait + "/original");
        assertThat(accented.statusCode()).isEqualTo(200);
        assertThat(accented.headers().firstValue("Content-Disposition"))
                .hasValue("inline; filename=\"portrait _t_.mov\"; filename*=UTF-8''portrait%20%C3%A9t%C3%A9.mov");
        assertThat(accented.body()).isEqualTo(Files.readAllBytes(Path.of(portraitPath)));

        // a name that is not UTF-8: served by its raw bytes, named with U+FFFD; its poster was made
        long latin = idOfPath(org.thatdam.storage.FileNames.text(latin1.toRealPath()));
        assertThat(live.getJson("/api/v1/assets/" + latin).path("title").asText()).isEqualTo("caf\uFFFD");
        HttpResponse<byte[]> raw = getBytes(base + "/api/v1/assets/" + latin + "/original");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"caf_.mp4\"; filename*=UTF-8''caf%EF%BF%BD.mp4");
        assertThat(raw.body()).isEqualTo(Files.readAllBytes(latin1));
        assertThat(jpeg("/api/v1/assets/" + latin + "/poster").getWidth()).isPositive();

        HttpResponse<byte[]> unknown = getBytes(base + "/api/v1/assets/987654321/original");
        LiveServer.assertJsonError("original of an unknown asset", unknown.statusCode(),
                unknown.headers().firstValue("Content-Type").orElse(null), new String(unknown.body(), StandardCharsets.UTF_8), 404);
    }

    // ------------------------------------------------------------ helpers

    private static double seconds(String clock) {
        String[] p = clock.split(":");
        return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Double.parseDouble(p[2]);
    }

    private static long idOfPath(String path) {
        for (JsonNode item : LiveServer.items(live.getJson("/api/v1/assets?limit=1000"))) {
            if (item.path("path").asText().equals(path)) return item.path("id").asLong();
        }
        throw new AssertionError("no asset listed for " + path);
    }

    private static byte[] bytes(String url) {
        HttpResponse<byte[]> r = live.getBytes(url);
        assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
        return r.body();
    }

    private static BufferedImage jpeg(String url) throws IOException {
        HttpResponse<byte[]> r = live.getBytes(url);
        assertThat(r.statusCode()).as("GET %s → %s", url, new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).as("GET %s", url).hasValue("image/jpeg");
        assertThat(r.body()[0] & 0xff).as("JPEG magic").isEqualTo(0xFF);
        assertThat(r.body()[1] & 0xff).as("JPEG magic").isEqualTo(0xD8);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(img).as("GET %s decodes", url).isNotNull();
        return img;
    }

    private static void assertRange(String url, String range, long start, long end, byte[] file) {
        HttpResponse<byte[]> r = live.getBytes(url, "Range", range);
        assertThat(r.statusCode()).as("Range %s", range).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).as("Content-Range for %s", range)
                .hasValue("bytes " + start + "-" + end + "/" + file.length);
        assertThat(r.headers().firstValueAsLong("Content-Length")).as("Content-Length for %s", range).hasValue(end - start + 1);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("video/mp4"));
        assertThat(r.body()).as("bytes of %s", range).isEqualTo(Arrays.copyOfRange(file, (int) start, (int) end + 1));
    }

    private static HttpResponse<byte[]> getBytes(String url, String... headers) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return live.sendBytes(b);
    }
}
