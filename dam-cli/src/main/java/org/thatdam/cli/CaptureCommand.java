package org.thatdam.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.thatdam.core.Dam;
import org.thatdam.core.capture.CaptureService;
import org.thatdam.model.Actor;
import org.thatdam.model.CaptureTake;
import org.thatdam.model.DamException;
import org.thatdam.model.LiveFormat;
import org.thatdam.model.LiveSource;
import org.thatdam.model.TakeState;
import org.thatdam.model.Timecode;
import org.thatdam.server.api.CaptureRecordBody;
import org.thatdam.server.api.CaptureSourceBody;
import org.thatdam.server.api.CaptureSourcesView;
import org.thatdam.server.api.CaptureStopBody;
import org.thatdam.server.api.CaptureTakesView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;
import org.thatdam.cli.client.ServerClient;

/**
 * Live capture from the command line. The server owns the devices while it runs, so with one running every
 * command goes through it; without one, the library's capture runs in this process for as long as the command.
 */
@Command(name = "capture", description = "Live sources (test pattern, cameras, capture cards, network streams) and recording.",
        subcommands = {CaptureCommand.Sources.class, CaptureCommand.Record.class, CaptureCommand.Stop.class,
                CaptureCommand.Add.class, CaptureCommand.Remove.class})
final class CaptureCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The capture of this library: the running server's, or this process's own. */
    interface Capture {
        CaptureSourcesView sources() throws InterruptedException;
        List<CaptureTake> record(CaptureRecordBody body) throws InterruptedException;
        List<CaptureTake> stop(CaptureStopBody body) throws InterruptedException;
        CaptureTake take(long id) throws InterruptedException;
        LiveSource add(CaptureSourceBody body) throws InterruptedException;
        void remove(String id) throws InterruptedException;
    }

    static Capture of(Dam dam, PrintWriter err) throws InterruptedException {
        Optional<ServerClient> server = ServerClient.forLibrary(dam.layout(), err);
        return server.<Capture>map(Remote::new).orElseGet(() -> new Local(dam.capture()));
    }

    /** This process's capture: the sources are opened here and released when the command ends. */
    record Local(CaptureService capture) implements Capture {
        public CaptureSourcesView sources() {
            CaptureService.Sources s = capture.sources();
            return new CaptureSourcesView(s.sources(), s.audio(), s.encoder());
        }

        public List<CaptureTake> record(CaptureRecordBody b) {
            return capture.record(Actor.commandLine(), new CaptureService.RecordRequest(b.sources(), b.name(), b.seconds(), b.timecode()));
        }

        public List<CaptureTake> stop(CaptureStopBody b) {
            return capture.stop(Actor.commandLine(), new CaptureService.StopRequest(
                    b.sources() == null ? List.of() : b.sources(), b.takes() == null ? List.of() : b.takes()));
        }

        public CaptureTake take(long id) {
            return capture.take(id);
        }

        public LiveSource add(CaptureSourceBody b) {
            return capture.addNetwork(Actor.commandLine(), new CaptureService.NetworkSourceRequest(b.name(), b.url(), b.transport(),
                    b.username(), b.password(), b.audio()));
        }

        public void remove(String id) {
            capture.remove(Actor.commandLine(), id);
        }
    }

    /** The running server's capture, through its API (the answers are the same records). */
    record Remote(ServerClient server) implements Capture {
        public CaptureSourcesView sources() throws InterruptedException {
            return server.get("/api/v1/capture/sources", CaptureSourcesView.class);
        }

        public List<CaptureTake> record(CaptureRecordBody b) throws InterruptedException {
            return server.send("POST", "/api/v1/capture/record", b, CaptureTakesView.class).takes();
        }

        public List<CaptureTake> stop(CaptureStopBody b) throws InterruptedException {
            return server.send("POST", "/api/v1/capture/stop", b, CaptureTakesView.class).takes();
        }

        public CaptureTake take(long id) throws InterruptedException {
            return server.get("/api/v1/capture/takes/" + id, CaptureTake.class);
        }

        public LiveSource add(CaptureSourceBody b) throws InterruptedException {
            return server.send("POST", "/api/v1/capture/sources", b, LiveSource.class);
        }

        public void remove(String id) throws InterruptedException {
            server.send("DELETE", "/api/v1/capture/sources/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"), null,
                    Void.class);
        }
    }

    @Command(name = "sources", description = "The live sources, the sound inputs that can be paired with them, and the recording encoder.")
    static final class Sources extends DamCommand {
        @Option(names = "--json", description = "Print them as GET /api/v1/capture/sources answers.") boolean json;

        @Override
        int run(Dam dam) throws InterruptedException {
            CaptureSourcesView v = of(dam, err()).sources();
            if (json) {
                Output.json(out(), v);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (LiveSource s : v.sources()) {
                rows.add(List.of(s.id(), s.kind() == null ? "" : s.kind().name().toLowerCase(Locale.ROOT), Output.str(s.name()),
                        s.state() == null ? "" : s.state().id() + (s.available() ? "" : " (unavailable)"), s.viewers() + "",
                        formats(s.formats()), Output.str(s.address())));
            }
            Output.table(out(), List.of("id", "kind", "name", "state", "viewers", "formats", "address"), rows, Output.columns());
            if (!v.audio().isEmpty()) {
                out().println();
                Output.table(out(), List.of("audio", "kind", "name"),
                        v.audio().stream().map(a -> List.of(a.id(), Output.str(a.kind()), Output.str(a.name()))).toList());
            }
            out().println();
            out().println("encoder: " + v.encoder());
            return 0;
        }

        /** The largest size and fastest rate of each format, e.g. {@code mjpeg 1920x1080@30 yuyv422 640x480@30}. */
        static String formats(List<LiveFormat> formats) {
            Map<String, LiveFormat> best = new LinkedHashMap<>();
            for (LiveFormat f : formats) {
                best.merge(f.format(), f, (a, b) -> (long) b.width() * b.height() > (long) a.width() * a.height() ? b : a);
            }
            List<String> out = new ArrayList<>();
            for (LiveFormat f : best.values()) {
                String rate = f.rates().stream().max((a, b) -> Double.compare(a.fps(), b.fps()))
                        .map(r -> "@" + (r.den() == 1 ? r.num() + "" : String.format(Locale.ROOT, "%.2f", r.fps()))).orElse("");
                out.add(f.format() + " " + f.width() + "x" + f.height() + rate);
            }
            return String.join(" ", out);
        }
    }

    @Command(name = "record", description = {"Record one source or several together (they start within a frame of each other)",
            "and wait until each take is in the library; Ctrl-C stops them cleanly."})
    static final class Record extends DamCommand {
        @Parameters(paramLabel = "SOURCE", arity = "1..*", description = "source ids, as 'dam capture sources' lists them") List<String> sources;
        @Option(names = "--seconds", paramLabel = "N", description = "stop after N seconds (left out: at Ctrl-C or 'dam capture stop')") Double seconds;
        @Option(names = "--name", paramLabel = "TAKE", description = "the take's name: its title in the library, searchable (default: Take <date> <time>)") String name;
        @Option(names = "--timecode", paramLabel = "TC", description = "start timecode HH:MM:SS:FF (';' before the frames: drop-frame); left out: the time of day") String timecode;
        @Option(names = "--json", description = "Print the finished takes as the API answers them.") boolean json;

        /** How long a take may take to be finalised and catalogued once it stopped. */
        static final Duration CATALOGUED = Duration.ofMinutes(2);
        static final Duration POLL = Duration.ofMillis(250);

        @Override
        int run(Dam dam) throws Exception {
            Capture capture = of(dam, err());
            List<CaptureTake> takes = capture.record(new CaptureRecordBody(sources, name, seconds, timecode));
            CountDownLatch interrupted = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            // Ctrl-C or SIGTERM: the takes are stopped and catalogued before the process ends.
            Thread hook = new Thread(() -> {
                interrupted.countDown();
                try {
                    done.await(CATALOGUED.toSeconds() + 10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "capture-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (LiveLine line = new LiveLine(err(), ProgressLine.onTerminal())) {
                takes = follow(capture, takes, interrupted, line);
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already: the hook is running and waited for this
                }
            }
            if (json) Output.json(out(), new CaptureTakesView(takes));
            else for (CaptureTake t : takes) out().println(describe(t));
            out().flush();
            return takes.stream().anyMatch(t -> t.state() == TakeState.FAILED) ? ExitCodes.FAILED : 0;
        }

        /** Polls the takes until each is catalogued (or failed), stopping them when interrupted. */
        private List<CaptureTake> follow(Capture capture, List<CaptureTake> takes, CountDownLatch interrupted, LiveLine line)
                throws InterruptedException {
            List<Long> ids = takes.stream().map(CaptureTake::id).toList();
            boolean stopped = false;
            long deadline = Long.MAX_VALUE;
            while (true) {
                if (!stopped && interrupted.getCount() == 0) {
                    line.clear();
                    err().println("dam: stopping " + ids.size() + " take(s)…");
                    err().flush();
                    capture.stop(new CaptureStopBody(null, ids));
                    stopped = true;
                }
                List<CaptureTake> now = new ArrayList<>();
                for (long id : ids) now.add(capture.take(id));
                takes = now;
                boolean recording = takes.stream().anyMatch(t -> t.state() == TakeState.RECORDING);
                if (!recording && deadline == Long.MAX_VALUE) deadline = System.nanoTime() + CATALOGUED.toNanos();
                if (takes.stream().allMatch(Record::settled)) return takes;
                if (System.nanoTime() > deadline) {
                    throw DamException.unavailable("the takes stopped but were not catalogued within " + CATALOGUED.toMinutes()
                            + " minutes; 'dam capture' and the server log say more", null);
                }
                line.show(takes);
                interrupted.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        /** Done with: in the library, or failed (nothing more will happen to it). */
        static boolean settled(CaptureTake t) {
            return t.state() == TakeState.FAILED || (t.state() != TakeState.RECORDING && t.assetId() != null);
        }

        static String describe(CaptureTake t) {
            String what = "take " + t.id() + " of " + Units.clean(t.source()) + " '" + Units.clean(Output.str(t.name())) + "': "
                    + t.state().id() + ", " + Units.duration(t.durationSeconds()) + ", " + Units.bytes(t.bytes())
                    + (t.droppedFrames() > 0 ? ", " + t.droppedFrames() + " dropped" : "")
                    + (t.startTimecode() != null ? ", from " + t.startTimecode() : "");
            if (t.state() == TakeState.FAILED) return what + " — " + Units.clean(Output.str(t.error()));
            return what + " → asset " + t.assetId() + " " + Units.clean(Output.str(t.path()));
        }
    }

    /** The recording's state on one line of the terminal, redrawn in place (nothing when not a terminal). */
    static final class LiveLine implements AutoCloseable {
        private final PrintWriter err;
        private final boolean enabled;
        private int width;

        LiveLine(PrintWriter err, boolean enabled) {
            this.err = err;
            this.enabled = enabled;
        }

        void show(List<CaptureTake> takes) {
            if (!enabled) return;
            List<String> parts = new ArrayList<>();
            for (CaptureTake t : takes) {
                String state = t.state() == TakeState.RECORDING ? "● REC" : t.state().id();
                parts.add(String.format(Locale.ROOT, "%s %s %s %s dropped %d%s", Units.clean(t.source()), state,
                        Units.duration(t.durationSeconds()), Units.bytes(t.bytes()), t.droppedFrames(), timecode(t)));
            }
            String line = String.join("  |  ", parts);
            String pad = width > line.length() ? " ".repeat(width - line.length()) : "";
            err.print("\r" + line + pad);
            err.flush();
            width = line.length();
        }

        /** The timecode now: the start's plus the frames recorded. */
        private static String timecode(CaptureTake t) {
            if (t.startTimecode() == null || t.frameRate() == null) return "";
            try {
                long frames = Math.round(t.durationSeconds() * t.frameRate().fps());
                return "  TC " + Timecode.parse(t.startTimecode()).plusFrames(frames, t.frameRate());
            } catch (DamException e) {
                return "  TC " + Units.clean(t.startTimecode());
            }
        }

        void clear() {
            if (width > 0) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
                width = 0;
            }
        }

        @Override
        public void close() {
            clear();
        }
    }

    @Command(name = "stop", description = "Stop the recordings of these sources (none named: every recording); each is finalised and catalogued.")
    static final class Stop extends DamCommand {
        @Parameters(paramLabel = "SOURCE", arity = "0..*") List<String> sources;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) throws InterruptedException {
            List<CaptureTake> takes = of(dam, err()).stop(new CaptureStopBody(sources == null ? List.of() : sources, null));
            if (json) Output.json(out(), new CaptureTakesView(takes));
            else if (takes.isEmpty()) out().println("nothing was recording");
            else for (CaptureTake t : takes) out().println("stopped take " + t.id() + " of " + Units.clean(t.source()));
            return 0;
        }
    }

    @Command(name = "add", description = {"Add a network source: rtsp, rtsps, srt, rtmp, rtmps, http or https URL.",
            "A password is read from stdin (--password-stdin), never from the command line; it is never shown back."})
    static final class Add extends DamCommand {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "URL") String url;
        @Option(names = "--transport", paramLabel = "tcp|udp", description = "RTSP transport (default tcp)") String transport;
        @Option(names = "--user", paramLabel = "U", description = "the stream's user name") String user;
        @Option(names = "--password-stdin", description = "read the stream's password from the first line of stdin") boolean passwordStdin;
        @Option(names = "--audio", paramLabel = "ID", description = "a sound input to pair with it (dam capture sources lists them)") String audio;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) throws InterruptedException {
            refusePasswordIn(url);
            String password = passwordStdin ? Passwords.fromStdin(System.in) : null;
            LiveSource s = of(dam, err()).add(new CaptureSourceBody(name, url, transport, user, password, audio));
            if (json) Output.json(out(), s);
            else out().println("added " + s.id() + " '" + Units.clean(s.name()) + "' " + Units.clean(Output.str(s.address())));
            return 0;
        }

        /** A command line is visible to every user of the machine (ps): a password never travels in one. */
        static void refusePasswordIn(String url) {
            String info;
            try {
                info = new URI(url.strip()).getRawUserInfo();
            } catch (URISyntaxException e) {
                return; // the service says what is wrong with it, without repeating it
            }
            if (info != null && info.contains(":")) {
                throw DamException.invalid("the URL carries a password: give the user with --user and the password on stdin"
                        + " with --password-stdin (a command line is visible to every user of this machine)");
            }
        }
    }

    @Command(name = "remove", description = "Remove a network source (not while it records).")
    static final class Remove extends DamCommand {
        @Parameters(paramLabel = "ID") String id;

        @Override
        int run(Dam dam) throws InterruptedException {
            of(dam, err()).remove(id);
            out().println("removed " + Units.clean(id));
            return 0;
        }
    }
}
