package org.thatdam.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.thatdam.search.IndexedAsset;
import org.thatdam.search.SearchIndex;
import org.thatdam.search.SearchRequest;
import org.thatdam.search.SearchResult;
import org.thatdam.search.SearchSort;

/**
 * Search benchmark: {@code SearchBench COUNT DIR RESULT_JSON}. Generates COUNT synthetic assets with
 * realistic names and distributions (camera, phone and screen-recording file names, ~200 batches of
 * Zipf-like sizes, ten years of dates), builds the index in DIR with {@link SearchIndex#rebuild}, then
 * runs a mixed query set (warm-up, then 2000 measured queries, one at a time) and writes build rate,
 * index size, heap and latency percentiles (overall and per query type) as JSON. Latency is reported
 * as wall time and as the searching thread's CPU time (searches run on the caller's thread, so the
 * latter is what the query costs on an otherwise idle core, whatever else the machine is doing).
 * The query set runs twice: with the facet-count cache (normal operation) and without it.
 */
public final class SearchBench {

    private static final int WARMUP = 600;
    private static final int MEASURED = 2000;

    private static final String[] PLACES = {"Iceland", "Japan", "Norway", "Lisbon", "Berlin", "Yosemite", "Bali", "Paris",
            "Scotland", "Patagonia", "Kyoto", "Marrakech", "Lofoten", "Sicily", "Vancouver", "Tasmania", "Alps", "Cornwall",
            "Provence", "Zürich", "Montréal", "Reykjavík", "São Paulo", "Oaxaca", "Hokkaido"};
    private static final String[] EVENTS = {"Wedding", "Birthday", "Conference", "Interview", "Concert", "Hike", "Roadtrip",
            "Holiday", "Workshop", "Launch", "Festival", "Shoot", "Podcast", "Documentary", "Tutorial"};
    private static final String[] PEOPLE = {"Smith", "Garcia", "Müller", "Tanaka", "Okafor", "Nielsen", "Rossi", "Dubois",
            "Kowalski", "Silva"};
    private static final String[] EDIT_WORDS = {"final", "export", "draft", "cut", "highlights", "teaser", "trailer",
            "interview", "broll", "timelapse", "drone", "sunset", "beach", "city", "night", "aerial", "raw", "graded",
            "master", "proxy", "social", "vertical", "intro", "outro", "sequence"};
    private static final String[] TAGS = {"favorite", "client", "portfolio", "needs-grade", "archive", "b-roll", "drone",
            "timelapse", "hdr", "slowmo", "review", "approved", "family", "travel", "work"};
    private static final String[] CAMERAS = {"GoPro HERO9 Black", "GoPro HERO11 Black", "Apple iPhone 13 Pro",
            "Apple iPhone 15 Pro", "Sony ILCE-7M3", "Sony FX3", "Canon EOS R5", "Canon EOS 5D Mark IV", "DJI Mavic 3",
            "Google Pixel 8", "Blackmagic Pocket 6K", "Panasonic GH5"};

    private static final long T0 = LocalDateTime.of(2015, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long T1 = LocalDateTime.of(2025, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

    private SearchBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SearchBench COUNT DIR RESULT_JSON");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Path out = Path.of(args[2]);
        deleteTree(dir);

        String[] batches = batchNames(200);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("assets", count);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.runtime.version"));
        result.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);

        result.put("loadAverageAtStart", loadAverage());
        List<Q> queries = queries(new Random(99), batches, WARMUP + MEASURED);
        try (SearchIndex index = SearchIndex.open(dir)) {
            long t = System.nanoTime();
            long cpu = processCpuNanos();
            index.rebuild(() -> generate(count, batches));
            long buildMs = (System.nanoTime() - t) / 1_000_000;
            long buildCpuMs = (processCpuNanos() - cpu) / 1_000_000;
            t = System.nanoTime();
            index.awaitMerges();
            long settleMs = (System.nanoTime() - t) / 1_000_000;
            Map<String, Object> build = new LinkedHashMap<>();
            build.put("ms", buildMs);
            build.put("docsPerSec", buildMs == 0 ? count : count * 1000L / buildMs);
            build.put("processCpuMs", buildCpuMs);
            build.put("backgroundMergesAfterwardsMs", settleMs);
            build.put("segments", index.segments());
            result.put("build", build);
            System.err.printf(Locale.ROOT, "built %d assets in %d ms (cpu %d ms), merges settled in %d ms%n", count, buildMs,
                    buildCpuMs, settleMs);
            result.put("indexBytes", treeSize(dir));
            result.put("heapAfterBuildMiB", heapAfterGc());

            t = System.nanoTime();
            for (int i = 0; i < WARMUP; i++) index.search(queries.get(i).request);
            System.err.printf(Locale.ROOT, "warm-up: %d queries in %d ms%n", WARMUP, (System.nanoTime() - t) / 1_000_000);
            result.put("queries", measure(index, queries));
        }
        // The cost of counting: the same index opened again without the facet cache, warmed up again.
        try (SearchIndex index = SearchIndex.open(dir, new SearchIndex.Options(false))) {
            for (int i = 0; i < WARMUP; i++) index.search(queries.get(i).request);
            result.put("queriesWithoutFacetCache", measure(index, queries));
            result.put("heapAfterQueriesMiB", heapAfterGc());
            result.put("peakHeapMiB", peakHeap());
        }
        result.put("loadAverageAtEnd", loadAverage());
        String json = toJson(result, "");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json + "\n");
        System.out.println(json);
    }

    // ------------------------------------------------------------------ corpus

    private static String[] batchNames(int n) {
        Random r = new Random(1);
        List<String> out = new ArrayList<>();
        out.add("Screen Records");
        out.add("Phone Camera Roll");
        out.add("Voice Memos");
        while (out.size() < n) {
            String b = switch (r.nextInt(4)) {
                case 0 -> EVENTS[r.nextInt(EVENTS.length)] + " " + PLACES[r.nextInt(PLACES.length)] + " " + (2015 + r.nextInt(10));
                case 1 -> EVENTS[r.nextInt(EVENTS.length)] + " " + PEOPLE[r.nextInt(PEOPLE.length)];
                case 2 -> "GoPro Card " + (1 + r.nextInt(60));
                default -> PLACES[r.nextInt(PLACES.length)] + " " + (2015 + r.nextInt(10));
            };
            if (!out.contains(b)) out.add(b);
        }
        return out.toArray(String[]::new);
    }

    /** Cumulative Zipf-like weights (s = 0.9) over the batches. */
    private static double[] zipf(int n) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, 0.9);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) c[i] /= sum;
        return c;
    }

    private static Iterator<IndexedAsset> generate(int count, String[] batches) {
        double[] cum = zipf(batches.length);
        Random r = new Random(12345);
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public IndexedAsset next() {
                i++;
                int b = Arrays.binarySearch(cum, r.nextDouble());
                b = b < 0 ? Math.min(-b - 1, batches.length - 1) : b;
                return asset(i, batches[b], r);
            }
        };
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH.mm.ss");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    static IndexedAsset asset(long id, String batch, Random r) {
        // dates: ten years, more recent years busier
        double u = Math.sqrt(r.nextDouble());
        long epoch = T0 + (long) (u * (T1 - T0));
        LocalDateTime when = LocalDateTime.ofEpochSecond(epoch, 0, ZoneOffset.UTC);
        Instant created = when.toInstant(ZoneOffset.UTC);
        String kind = "video";
        String vcodec = "h264";
        String acodec = "aac";
        String container = "mp4";
        Integer w = 1920;
        Integer h = 1080;
        Double fps = 29.97;
        Double duration;
        String name;
        String text = null;
        String sub = null;
        int source = r.nextInt(100);
        if (batch.equals("Screen Records") || source < 12) {
            name = "Screen Recording " + DAY.format(when) + " at " + TIME.format(when) + ".mov";
            container = "mov";
            int[][] sizes = {{2880, 1800}, {1920, 1080}, {3024, 1964}, {1440, 900}};
            int[] s = sizes[r.nextInt(sizes.length)];
            w = s[0];
            h = s[1];
            fps = 60.0;
            duration = 5 + r.nextDouble() * 1800;
            acodec = r.nextInt(3) == 0 ? null : "aac";
        } else if (batch.equals("Voice Memos") || source < 18) {
            kind = "audio";
            vcodec = null;
            w = null;
            h = null;
            fps = null;
            int a = r.nextInt(3);
            name = a == 0 ? "Voice Memo " + DAY.format(when) + ".m4a" : a == 1 ? String.format(Locale.ROOT, "ZOOM%04d.WAV", r.nextInt(10000))
                    : String.format(Locale.ROOT, "track %02d.mp3", 1 + r.nextInt(20));
            container = a == 0 ? "m4a" : a == 1 ? "wav" : "mp3";
            acodec = a == 0 ? "aac" : a == 1 ? "pcm_s24le" : "mp3";
            duration = 10 + r.nextDouble() * 3600;
        } else if (source < 38) {
            kind = "image";
            vcodec = r.nextInt(5) == 0 ? "hevc" : "mjpeg";
            acodec = null;
            fps = null;
            duration = null;
            int a = r.nextInt(3);
            name = a == 0 ? String.format(Locale.ROOT, "IMG_%04d.JPG", r.nextInt(10000))
                    : a == 1 ? String.format(Locale.ROOT, "DSC%05d.JPG", r.nextInt(100000))
                    : "PXL_" + COMPACT.format(when) + String.format(Locale.ROOT, "%03d", r.nextInt(1000)) + ".jpg";
            container = vcodec.equals("hevc") ? "heic" : "jpg";
            int[][] sizes = {{4032, 3024}, {6000, 4000}, {8192, 5464}, {3024, 4032}, {1920, 1080}};
            int[] s = sizes[r.nextInt(sizes.length)];
            w = s[0];
            h = s[1];
            text = CAMERAS[r.nextInt(CAMERAS.length)];
        } else if (source < 39) {
            kind = "other";
            vcodec = null;
            acodec = null;
            container = null;
            w = null;
            h = null;
            fps = null;
            duration = null;
            name = EDIT_WORDS[r.nextInt(EDIT_WORDS.length)] + "_notes.txt";
        } else {
            // camera and phone video, and edits
            int a = r.nextInt(10);
            if (a < 4) {
                name = String.format(Locale.ROOT, r.nextBoolean() ? "GX%02d%04d.MP4" : "GOPR%02d%02d.MP4", r.nextInt(20), r.nextInt(10000));
                text = r.nextBoolean() ? "GoPro HERO9 Black" : "GoPro HERO11 Black";
                sub = "DCIM/" + (100 + r.nextInt(5)) + "GOPRO";
            } else if (a < 6) {
                name = r.nextBoolean() ? String.format(Locale.ROOT, "IMG_%04d.MOV", r.nextInt(10000))
                        : "VID_" + COMPACT.format(when) + ".mp4";
                container = name.endsWith(".MOV") ? "mov" : "mp4";
                vcodec = r.nextInt(3) == 0 ? "h264" : "hevc";
                text = r.nextBoolean() ? "Apple iPhone 15 Pro" : "Google Pixel 8";
            } else if (a < 8) {
                name = r.nextBoolean() ? String.format(Locale.ROOT, "C%04d.MP4", r.nextInt(10000))
                        : String.format(Locale.ROOT, "A%03d_C%03d_%02d%02d%s.mov", r.nextInt(100), r.nextInt(1000),
                        when.getMonthValue(), when.getDayOfMonth(), "" + (char) ('A' + r.nextInt(26)) + (char) ('A' + r.nextInt(26)));
                if (name.endsWith(".mov")) {
                    container = "mov";
                    vcodec = "prores";
                    acodec = "pcm_s24le";
                }
                text = CAMERAS[4 + r.nextInt(3)];
                sub = "PRIVATE/M4ROOT/CLIP";
            } else {
                int words = 2 + r.nextInt(3);
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < words; k++) {
                    if (k > 0) sb.append(r.nextBoolean() ? "_" : " ");
                    String wd = EDIT_WORDS[r.nextInt(EDIT_WORDS.length)];
                    sb.append(k == 0 ? Character.toUpperCase(wd.charAt(0)) + wd.substring(1) : wd);
                }
                if (r.nextBoolean()) sb.append("_v").append(1 + r.nextInt(9));
                name = sb + (r.nextBoolean() ? ".mp4" : ".mov");
                container = name.endsWith(".mp4") ? "mp4" : "mov";
                sub = "Exports";
            }
            int[][] sizes = {{1920, 1080}, {3840, 2160}, {2704, 1520}, {1280, 720}, {1080, 1920}, {4096, 2160}, {640, 480}};
            int[] s = sizes[Math.min(sizes.length - 1, (int) Math.abs(r.nextGaussian() * 2))];
            w = s[0];
            h = s[1];
            double[] rates = {23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94, 60.0, 120.0};
            fps = rates[r.nextInt(rates.length)];
            duration = Math.exp(r.nextGaussian() * 1.3 + 3.5);  // median ~33 s, long tail
            if (r.nextInt(12) == 0) vcodec = "hevc";
        }
        String status = "ok";
        int st = r.nextInt(100);
        if (st < 4) status = "failed";
        else if (st < 5) status = "missing";
        long size;
        if (duration != null && w != null) {
            size = (long) (duration * (w * (long) h) * 0.8);          // ~13 Mbit/s at 1080p
        } else if (duration != null) {
            size = (long) (duration * 32_000);
        } else if (w != null) {
            size = (long) (w * (long) h * 0.4);
        } else {
            size = 1000 + r.nextInt(100_000);
        }
        List<String> tags = List.of();
        if (r.nextInt(10) == 0) {
            int nt = 1 + r.nextInt(3);
            List<String> t = new ArrayList<>();
            for (int k = 0; k < nt; k++) t.add(TAGS[r.nextInt(TAGS.length)]);
            tags = t;
        }
        String folder = "/media/footage/" + batch + (sub == null ? "" : "/" + sub);
        String title = name.substring(0, name.lastIndexOf('.'));
        return new IndexedAsset(id, folder + "/" + name, title, batch, tags, kind, status, vcodec, acodec, container, duration,
                w, h, fps, created, size, text);
    }

    // ------------------------------------------------------------------ queries

    private record Q(String type, SearchRequest request) {}

    private static final String[] WORDS = {"sunset", "wedding", "iceland", "interview", "drone", "beach", "final", "export",
            "gopro", "recording", "memo", "japan", "timelapse", "highlights", "conference", "smith", "zurich", "broll",
            "canon", "iphone", "trailer", "night", "city", "concert", "track"};
    private static final String[] PREFIXES = {"wed", "sun", "ice", "int", "dr", "gx", "gopr", "scr", "rec", "ti", "hi",
            "conf", "expo", "fin", "ka", "b", "pa", "lof", "img", "dsc", "pxl", "vid", "c0", "a0"};
    private static final String[] PHRASES = {"\"screen recording\"", "\"voice memo\"", "\"final cut\"", "\"gopro hero9\"",
            "\"iphone 15 pro\"", "\"wedding smith\"", "\"drone sunset\"", "\"gopro card\""};
    private static final String[] FILTERS = {"kind:video", "kind:image", "kind:audio", "codec:h264", "codec:hevc", "codec:prores",
            "res:4k", "res:fhd", "res:sd", "status:failed", "status:missing", "container:mov", "container:mkv", "tag:favorite",
            "kind:video codec:hevc res:4k", "kind:image -status:ok", "ext:mp4", "container:mov kind:video status:ok"};
    private static final String[] RANGES = {"duration:>60", "duration:10..60", "duration:>10m", "width:>=1920",
            "height:<720", "fps:>=50", "size:>1gb", "size:<10mb", "created:2019", "created:2021-01..2021-06",
            "created:>=2024-06-01", "year:2017..2019", "duration:>60 width:>=3840", "created:2023 fps:>=50"};
    private static final SearchSort[] SORTS = {SearchSort.NEWEST, SearchSort.OLDEST, SearchSort.DURATION, SearchSort.SIZE,
            SearchSort.NAME};

    private static List<Q> queries(Random r, String[] batches, int n) {
        List<Q> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int type = i % 11;
            out.add(switch (type) {
                case 0 -> q("word", pick(r, WORDS), SearchSort.RELEVANCE, 50, 0, false);
                case 1 -> q("prefix", pick(r, PREFIXES), SearchSort.RELEVANCE, 50, 0, false);
                case 2 -> q("phrase", pick(r, PHRASES), SearchSort.RELEVANCE, 50, 0, false);
                case 3 -> q("filter", r.nextInt(3) == 0 ? "batch:\"" + batches[r.nextInt(batches.length)] + "\"" : pick(r, FILTERS),
                        SearchSort.NEWEST, 50, 0, false);
                case 4 -> q("range", pick(r, RANGES), SearchSort.NEWEST, 50, 0, false);
                case 5 -> q("mixed", pick(r, WORDS) + " " + pick(r, FILTERS) + " " + pick(r, RANGES), SearchSort.RELEVANCE, 50, 0, false);
                case 6 -> q("facets", pick(r, new String[] {"", "*", pick(r, WORDS), pick(r, FILTERS), pick(r, RANGES),
                        pick(r, PREFIXES) + " " + pick(r, FILTERS)}), SearchSort.RELEVANCE, 50, 0, true);
                case 7 -> q("sorted", r.nextBoolean() ? pick(r, WORDS) : pick(r, FILTERS), pick(r, SORTS), 50, 0, false);
                case 8 -> q("paging", r.nextBoolean() ? "*" : pick(r, FILTERS), pick(r, SORTS), 50, 50 * (10 + r.nextInt(90)), false);
                case 9 -> q("browse", "", SearchSort.NEWEST, 100, 0, true);   // the library's landing page
                default -> q("or", pick(r, WORDS) + " OR " + pick(r, WORDS) + " -" + pick(r, WORDS), SearchSort.RELEVANCE, 50, 0, false);
            });
        }
        return out;
    }

    private static Q q(String type, String query, SearchSort sort, int limit, int offset, boolean facets) {
        return new Q(type, new SearchRequest(query, sort, limit, offset, facets));
    }

    private static <T> T pick(Random r, T[] a) {
        return a[r.nextInt(a.length)];
    }

    private static String example(List<Q> qs, String type) {
        return qs.stream().filter(q -> q.type.equals(type)).findFirst().map(q -> q.request.query() + " [sort "
                + q.request.sort().id() + ", offset " + q.request.offset() + (q.request.facets() ? ", facets" : "") + "]").orElse("");
    }

    // ------------------------------------------------------------------ measuring

    private static Map<String, Object> measure(SearchIndex index, List<Q> queries) {
        Map<String, List<Double>> byType = new LinkedHashMap<>();
        Map<String, List<Double>> cpuByType = new LinkedHashMap<>();
        Map<String, Long> hitsByType = new LinkedHashMap<>();
        List<Double> all = new ArrayList<>();
        List<Double> allCpu = new ArrayList<>();
        List<Object[]> slow = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = processCpuNanos();
        long t = System.nanoTime();
        for (int i = WARMUP; i < queries.size(); i++) {
            Q q = queries.get(i);
            long c = threads.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            SearchResult r = index.search(q.request);
            double ms = (System.nanoTime() - s) / 1e6;
            double cpuMs = (threads.getCurrentThreadCpuTime() - c) / 1e6;
            all.add(ms);
            allCpu.add(cpuMs);
            byType.computeIfAbsent(q.type, k -> new ArrayList<>()).add(ms);
            cpuByType.computeIfAbsent(q.type, k -> new ArrayList<>()).add(cpuMs);
            hitsByType.merge(q.type, r.total(), Long::sum);
            slow.add(new Object[] {cpuMs, ms, q, r.total()});
        }
        slow.sort((x, y) -> Double.compare((double) y[0], (double) x[0]));
        Map<String, Object> qr = new LinkedHashMap<>();
        qr.put("measured", all.size());
        qr.put("wallMs", (System.nanoTime() - t) / 1_000_000);
        qr.put("processCpuMs", (processCpuNanos() - cpu) / 1_000_000);
        qr.put("overall", stats(all));
        qr.put("overallCpu", stats(allCpu));
        Map<String, Object> types = new LinkedHashMap<>();
        for (var e : byType.entrySet()) {
            Map<String, Object> st = stats(e.getValue());
            Map<String, Object> cs = stats(cpuByType.get(e.getKey()));
            st.put("cpuP50Ms", cs.get("p50Ms"));
            st.put("cpuP95Ms", cs.get("p95Ms"));
            st.put("cpuP99Ms", cs.get("p99Ms"));
            st.put("meanTotalHits", hitsByType.get(e.getKey()) / e.getValue().size());
            st.put("example", example(queries, e.getKey()));
            types.put(e.getKey(), st);
        }
        qr.put("byType", types);
        Map<String, Object> slowest = new LinkedHashMap<>();
        for (Object[] x : slow) {
            Q q = (Q) x[2];
            String key = q.type + ": " + q.request.query() + " [sort " + q.request.sort().id() + ", offset " + q.request.offset()
                    + (q.request.facets() ? ", facets" : "") + "]";
            if (slowest.size() < 12 && !slowest.containsKey(key)) {
                slowest.put(key, String.format(Locale.ROOT, "cpu %.1f ms, wall %.1f ms, %d hits", (double) x[0], (double) x[1], (long) x[3]));
            }
        }
        qr.put("slowest", slowest);
        System.err.printf(Locale.ROOT, "measured %d queries: wall %s, thread cpu %s%n", all.size(), stats(all), stats(allCpu));
        return qr;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException | RuntimeException e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static Map<String, Object> stats(List<Double> ms) {
        double[] a = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", a.length);
        m.put("p50Ms", round(pct(a, 50)));
        m.put("p95Ms", round(pct(a, 95)));
        m.put("p99Ms", round(pct(a, 99)));
        m.put("maxMs", round(a[a.length - 1]));
        m.put("meanMs", round(Arrays.stream(a).average().orElse(0)));
        return m;
    }

    private static double pct(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) sum += p.getPeakUsage().getUsed();
        }
        return sum >> 20;
    }

    private static long treeSize(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @SuppressWarnings("unchecked")
    private static String toJson(Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{\n");
            int i = 0;
            for (var e : ((Map<String, Object>) m).entrySet()) {
                sb.append(indent).append("  ").append(quote(e.getKey())).append(" : ").append(toJson(e.getValue(), indent + "  "));
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            return sb.append(indent).append("}").toString();
        }
        if (v instanceof String s) return quote(s);
        return String.valueOf(v);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
