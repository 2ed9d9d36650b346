package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.ffmpeg.Tool;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * The terminal UI's app: a stack of {@link View}s on a Lanterna screen, one UI thread that owns the
 * screen and the views, an input thread and a small pool for blocking calls. Everything that changes
 * what is shown runs as a task on the UI thread's queue, so views need no locks.
 *
 * <p>The app draws the header (tabs, where the library is, offline and loading marks), the footer (the
 * front view's keys, the status line) and the help screen; views draw the body between them.
 */
public final class Tui implements Ui, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Tui.class);
    /** The smallest terminal the views are laid out for. */
    static final int MIN_COLUMNS = 80;
    static final int MIN_ROWS = 24;
    private static final Duration STATUS_SHOWN = Duration.ofSeconds(5);
    /** How long a player started through xdg-open may run while the UI is open. */
    private static final Duration OPENER_LIMIT = Duration.ofHours(12);
    /** Events waiting for the UI thread beyond which new ones are dropped. */
    private static final int MAX_WAITING = 10_000;
    /** The threads waiting for an opener; interrupted on close, which ends the opener's process tree. */
    private final List<Thread> openers = new CopyOnWriteArrayList<>();
    private static final String SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private static final List<String> TABS = List.of("Dashboard", "Library", "Search", "Jobs", "Scan");
    static final List<View.KeyHelp> GLOBAL_KEYS = List.of(
            new View.KeyHelp("1-5", "Dashboard, Library, Search, Jobs, Scan"),
            new View.KeyHelp("/", "search from any view"),
            new View.KeyHelp("Esc", "leave the text field, then back"),
            new View.KeyHelp("?", "this help"),
            new View.KeyHelp("q", "quit (also Ctrl-C)"));

    private final Terminal terminal;
    private final TuiBackend backend;
    private final Function<Ui, Views> views;
    private final Map<String, String> env;
    private final Screen screen;
    private final Deque<View> stack = new ArrayDeque<>();
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("tui-load-", 0).daemon(true).factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("tui-timer").daemon(true).factory());
    private final AtomicInteger loading = new AtomicInteger();
    /** Guards the screen between the UI thread and a shutdown hook that restores the terminal. */
    private final Object screenLock = new Object();
    private volatile boolean running;
    private boolean screenStopped;
    /** Read by the timer too, to know whether a fading line needs a draw. */
    private volatile String status = "";
    private long statusUntil;
    private boolean offline;
    private boolean help;
    private int spin;
    /** The view whose method runs now, to name it when it throws. */
    private @Nullable View calling;
    private @Nullable DamException failure;
    /** What the last draw showed, for tests that must know which view is in front (read off the UI thread). */
    private volatile String frontTitle = "";
    private volatile boolean frontTyping;

    /** The app on {@code terminal}, showing the library of {@code backend}; {@code views} makes the views. */
    public Tui(Terminal terminal, TuiBackend backend, Function<Ui, Views> views) throws IOException {
        this(terminal, backend, views, System.getenv());
    }

    /** As above, with the environment that says whether there is a desktop to open files on. */
    Tui(Terminal terminal, TuiBackend backend, Function<Ui, Views> views, Map<String, String> env) throws IOException {
        this.terminal = terminal;
        this.backend = backend;
        this.views = views;
        this.env = Map.copyOf(env);
        this.screen = new TerminalScreen(terminal);
        terminal.addResizeListener((t, size) -> redraw());
    }

    /**
     * Shows {@code first} and runs until the user quits (returns) or a view fails: then the terminal is
     * restored first and a {@link DamException} names the view ("the terminal UI stopped: Library: …").
     */
    public void run(View first) throws IOException, InterruptedException {
        screen.startScreen();
        screen.setCursorPosition(null);
        running = true;
        Thread input = Thread.ofPlatform().name("tui-input").daemon(true).start(this::readKeys);
        // Animations (the loading mark) and fading status lines need a draw now and then without input.
        timer.scheduleAtFixedRate(() -> {
            if (loading.get() > 0 || !status.isEmpty()) tasks.add(this::tick);
        }, 200, 200, TimeUnit.MILLISECONDS);
        AutoCloseable events = null;
        try {
            events = backend.subscribe(e -> {
                // A flood of events (a busy library, a hostile server) must not grow memory without end: beyond
                // this many waiting tasks, events are dropped and the views reload at the next one that gets in.
                if (tasks.size() < MAX_WAITING) tasks.add(() -> event(e));
            });
            runTask(() -> open(first));
            if (running) draw();
            while (running) {
                Runnable task = tasks.take();
                runTask(task);
                while (running && (task = tasks.poll()) != null) runTask(task); // one draw for a burst
                if (running) draw();
            }
        } finally {
            running = false;
            input.interrupt();
            try {
                if (events != null) events.close();
            } catch (Exception e) {
                LOG.warn("stopping the event subscription: {}", e.toString());
            }
            stopScreen();
        }
        if (failure != null) throw failure;
    }

    /**
     * Restores the terminal (leaves the alternate screen, shows the cursor); safe to call more than once
     * and from another thread, as a shutdown hook on SIGINT/SIGTERM does.
     */
    public void stopScreen() {
        synchronized (screenLock) {
            running = false;
            if (screenStopped) return;
            screenStopped = true;
            try {
                screen.stopScreen();
            } catch (IllegalStateException alreadyLeft) {
                // On a signal Lanterna's own shutdown hook may have left the alternate screen first.
            } catch (IOException | RuntimeException e) {
                LOG.warn("restoring the terminal: {}", e.toString());
            }
            try {
                terminal.setCursorVisible(true);
                terminal.flush();
            } catch (IOException | RuntimeException e) {
                LOG.warn("showing the cursor again: {}", e.toString());
            }
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            fail(calling != null ? calling : stack.peek(), e);
        } finally {
            calling = null;
        }
    }

    /** Ends the app because {@code view} threw: the stack trace goes to the log, the user gets its name and the library's words. */
    private void fail(@Nullable View view, RuntimeException e) {
        String name = view == null ? "the app" : safeTitle(view);
        LOG.error("the terminal UI stopped: {}", name, e);
        String what = e instanceof DamException d ? d.getMessage() : "an unexpected failure (details in the log)";
        ErrorCode code = e instanceof DamException d ? d.code() : ErrorCode.INTERNAL;
        failure = new DamException(code, "the terminal UI stopped: " + name + ": " + what, e);
        running = false;
    }

    private static String safeTitle(View view) {
        try {
            return Text.clean(view.title());
        } catch (RuntimeException e) {
            return view.getClass().getSimpleName();
        }
    }

    private void readKeys() {
        try {
            while (running) {
                KeyStroke k = screen.readInput();
                if (k == null) continue;
                tasks.add(() -> key(k));
                if (k.getKeyType() == KeyType.EOF) return;
            }
        } catch (IOException | RuntimeException e) {
            // The terminal went away (a closed SSH connection): nothing left to draw on.
            tasks.add(() -> running = false);
        }
    }

    private void tick() {
        spin++;
        if (!status.isEmpty() && System.nanoTime() - statusUntil > 0) status = "";
    }

    private void event(LiveEvent e) {
        switch (e.type()) {
            case "tui.offline" -> offline = true;
            case "tui.online" -> offline = false;
            default -> { }
        }
        // the backend's own words for the user (connection lost or back, the index handed to a server)
        if (e.type().startsWith("tui.") && e.body() != null && e.body().hasNonNull("message")) status(e.body().path("message").asText());
        for (View v : List.copyOf(stack)) {
            calling = v;
            v.event(e, this);
        }
        calling = null;
    }

    private void key(KeyStroke k) {
        if (k.getKeyType() == KeyType.EOF || k.isCtrlDown() && k.getKeyType() == KeyType.Character && k.getCharacter() == 'c') {
            running = false;
            return;
        }
        if (help) { // any key closes the help screen
            help = false;
            return;
        }
        View front = stack.peek();
        if (front == null) return;
        boolean printable = k.getKeyType() == KeyType.Character && !k.isCtrlDown() && !k.isAltDown();
        if (k.getKeyType() == KeyType.Escape) {
            // the view first: a field, a question or a panel it shows closes before the view does
            if (viewKey(front, k)) return;
            if (stack.size() > 1) back();
            else status("q quits");
            return;
        }
        if (front.typing()) {
            // A text field has the keyboard: what it types is the field's, whatever it is.
            if (viewKey(front, k) || printable) return;
        }
        if (printable) {
            char c = k.getCharacter();
            switch (c) {
                case 'q' -> { running = false; return; }
                case '?' -> { help = true; return; }
                case '/' -> {
                    if (!(front instanceof SearchView)) open(views().search(""));
                    else viewKey(front, k);
                    return;
                }
                case '1', '2', '3', '4', '5' -> { tab(c - '1'); return; }
                default -> { }
            }
        }
        if (!front.typing()) viewKey(front, k);
    }

    private boolean viewKey(View v, KeyStroke k) {
        calling = v;
        boolean used = v.key(k, this);
        calling = null;
        return used;
    }

    /** Shows top-level view {@code index} (0 Dashboard … 4 Scan) right above the Dashboard. */
    private void tab(int index) {
        View front = stack.peek();
        if (front != null && tabOf(front) == index && (index == 0 || stack.size() == 2)) return;
        while (stack.size() > 1) stack.pop();
        if (!stack.isEmpty() && !(stack.peek() instanceof DashboardView)) stack.pop();
        if (stack.isEmpty()) {
            View dashboard = views().dashboard();
            stack.push(dashboard);
            if (index == 0) shown(dashboard);
        } else if (index == 0) {
            shown(stack.peek());
        }
        switch (index) {
            case 1 -> open(views().library());
            case 2 -> open(views().search(""));
            case 3 -> open(views().jobs());
            case 4 -> open(views().scan());
            default -> { }
        }
    }

    /** The tab a view belongs to; a view that is none (an asset) belongs to the one it was opened from. */
    private int tabOf(View v) {
        int own = ownTab(v);
        if (own >= 0) return own;
        for (View below : stack) {
            int t = ownTab(below);
            if (t >= 0) return t;
        }
        return 0;
    }

    private static int ownTab(View v) {
        if (v instanceof DashboardView) return 0;
        if (v instanceof LibraryView) return 1;
        if (v instanceof SearchView) return 2;
        if (v instanceof JobsView) return 3;
        if (v instanceof ScanView) return 4;
        return -1;
    }

    private void shown(View v) {
        calling = v;
        v.shown(this);
        calling = null;
    }

    private void draw() {
        synchronized (screenLock) {
            if (screenStopped) return;
            try {
                TerminalSize resized = screen.doResizeIfNecessary();
                TerminalSize size = resized != null ? resized : screen.getTerminalSize();
                screen.clear();
                TextGraphics g = screen.newTextGraphics();
                int cols = size.getColumns();
                int rows = size.getRows();
                if (cols < MIN_COLUMNS || rows < MIN_ROWS) {
                    g.putString(0, 0, Text.fit("enlarge the terminal to " + MIN_COLUMNS + "x" + MIN_ROWS + " (now " + cols + "x" + rows + ")", cols));
                    screen.refresh();
                    return;
                }
                View front = stack.peek();
                header(g, cols, front);
                TerminalSize body = new TerminalSize(cols, rows - 3);
                TextGraphics bodyGraphics = g.newTextGraphics(new TerminalPosition(0, 1), body);
                if (help) {
                    helpScreen(bodyGraphics, body, front);
                } else if (front != null) {
                    calling = front;
                    front.draw(bodyGraphics, body);
                    calling = null;
                }
                footer(g, cols, rows, front);
                screen.refresh();
                frontTyping = front != null && front.typing();
                frontTitle = front == null ? "" : front.title(); // after the refresh: what a test reads is on the screen
            } catch (IOException e) {
                running = false;
            } catch (RuntimeException e) {
                fail(calling != null ? calling : stack.peek(), e);
            } finally {
                calling = null;
            }
        }
    }

    /** Tabs on the left (the front one stands out), where the library is on the right, cut to fit. */
    private void header(TextGraphics g, int cols, @Nullable View front) {
        g.enableModifiers(SGR.REVERSE);
        g.putString(0, 0, " ".repeat(cols));
        int active = front == null ? -1 : tabOf(front);
        int col = 0;
        for (int i = 0; i < TABS.size(); i++) {
            String tab = " " + (i + 1) + " " + TABS.get(i) + " ";
            if (i == active) {
                g.disableModifiers(SGR.REVERSE);
                g.enableModifiers(SGR.BOLD);
                g.putString(col, 0, tab);
                g.disableModifiers(SGR.BOLD);
                g.enableModifiers(SGR.REVERSE);
            } else {
                g.putString(col, 0, tab);
            }
            col += tab.length();
        }
        StringBuilder marks = new StringBuilder();
        if (loading.get() > 0) marks.append(SPINNER.charAt(spin % SPINNER.length())).append(" loading… ");
        if (offline) marks.append("offline ");
        int room = cols - col - 2;
        String right = Text.fit(marks + backend.describe(), Math.max(0, room));
        if (offline) g.enableModifiers(SGR.BOLD);
        g.putString(cols - 1 - TerminalTextUtils.getColumnWidth(right), 0, right);
        g.disableModifiers(SGR.REVERSE, SGR.BOLD);
    }

    /** The front view's keys (as many as fit before the global ones, which always show) and the status line below. */
    private void footer(TextGraphics g, int cols, int rows, @Nullable View front) {
        List<View.KeyHelp> keys = front == null || help ? List.of() : front.keys();
        String globals = "/ search  ? help  q quit";
        int room = cols - TerminalTextUtils.getColumnWidth(globals) - 1;
        StringBuilder line = new StringBuilder(" ");
        for (View.KeyHelp k : keys) {
            String item = Text.clean(k.key()) + " " + Text.clean(k.does()) + "  ";
            if (TerminalTextUtils.getColumnWidth(line.toString()) + TerminalTextUtils.getColumnWidth(item) > room) break;
            line.append(item);
        }
        line.append(globals);
        g.enableModifiers(SGR.REVERSE);
        g.putString(0, rows - 2, Text.pad(line.toString(), cols));
        g.disableModifiers(SGR.REVERSE);
        g.putString(0, rows - 1, Text.pad(" " + Text.clean(status), cols));
    }

    private void helpScreen(TextGraphics g, TerminalSize size, @Nullable View front) {
        List<String> lines = new ArrayList<>();
        lines.add("Keys — any key closes this help");
        lines.add("");
        List<View.KeyHelp> own = front == null ? List.of() : front.keys();
        int keyWidth = 8;
        for (View.KeyHelp k : own) keyWidth = Math.max(keyWidth, Math.min(20, Text.width(k.key()) + 2));
        lines.add("Everywhere");
        for (View.KeyHelp k : GLOBAL_KEYS) lines.add("  " + Text.pad(k.key(), keyWidth) + k.does());
        if (!own.isEmpty()) {
            lines.add("");
            lines.add(Text.clean(front.title()));
            for (View.KeyHelp k : own) lines.add("  " + Text.pad(Text.fit(k.key(), keyWidth - 1), keyWidth) + Text.clean(k.does()));
        }
        lines.add("");
        lines.add("While typing in a field, letters are the field's: Esc leaves it first.");
        for (int i = 0; i < lines.size() && i < size.getRows(); i++) {
            if (i == 0) g.enableModifiers(SGR.BOLD);
            g.putString(2, i, Text.fit(lines.get(i), size.getColumns() - 2));
            g.disableModifiers(SGR.BOLD);
        }
    }

    @Override
    public TuiBackend backend() {
        return backend;
    }

    @Override
    public void open(View view) {
        stack.push(view);
        shown(view);
        redraw();
    }

    @Override
    public void back() {
        stack.pop();
        if (stack.isEmpty()) {
            running = false;
            return;
        }
        shown(stack.peek());
        redraw();
    }

    @Override
    public void status(String message) {
        status = message;
        statusUntil = System.nanoTime() + STATUS_SHOWN.toNanos();
        redraw();
    }

    @Override
    public <T> void load(Callable<T> work, Consumer<T> done) {
        loading.incrementAndGet();
        View caller = calling;
        workers.submit(() -> {
            try {
                T result = work.call();
                tasks.add(() -> {
                    loading.decrementAndGet();
                    calling = caller;
                    done.accept(result);
                });
            } catch (DamException e) {
                tasks.add(() -> {
                    loading.decrementAndGet();
                    status(e.getMessage());
                });
            } catch (Exception e) {
                LOG.warn("a load of the terminal UI failed", e);
                tasks.add(() -> {
                    loading.decrementAndGet();
                    status("failed: an unexpected error (details in the log)");
                });
            }
        });
    }

    @Override
    public void after(Duration delay, Runnable task) {
        if (!running) return;
        timer.schedule(() -> tasks.add(task), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    @Override
    public void redraw() {
        tasks.add(() -> { });
    }

    @Override
    public void openExternally(Path file) {
        String where = Text.clean(file.toString());
        if (!backend.local()) {
            status("the file is on the server: " + where);
            return;
        }
        Path opener = opener();
        boolean display = !env.getOrDefault("DISPLAY", "").isBlank() || !env.getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        if (opener == null || !display) {
            status((opener == null ? "no xdg-open here" : "no desktop display here") + "; the file is " + where);
            return;
        }
        // Through the media layer's runner: no shell (the name is one argument), and the opener (with a player it
        // may keep in the foreground) ends when this UI does. Its wait is a thread of its own, not a load: the
        // UI is not "loading" for as long as a player is open.
        Tool tool = Tool.of(opener);
        status("opening " + where + "…");
        openers.add(Thread.ofVirtual().name("tui-open").start(() -> {
            String outcome;
            try {
                int exit = ToolRunner.run(tool, List.of(file.toString()), OPENER_LIMIT).exitCode();
                outcome = exit == 0 ? "opened " + where : "xdg-open could not open " + where + " (exit " + exit + ")";
            } catch (DamException e) {
                outcome = "could not open " + where + ": " + Text.clean(e.getMessage());
            }
            String said = outcome;
            tasks.add(() -> status(said));
        }));
    }

    /** {@code xdg-open} on the PATH, or null. */
    private @Nullable Path opener() {
        for (String dir : env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "xdg-open");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    @Override
    public Views views() {
        return views.apply(this);
    }

    /** Held while a frame is written to the terminal: whoever reads the terminal back (a test) gets whole frames. */
    Object frameLock() {
        return screenLock;
    }

    /** The title of the view in front when the screen was last drawn. */
    String frontTitle() {
        return frontTitle;
    }

    /** Whether that view's text field had the keyboard. */
    boolean frontTyping() {
        return frontTyping;
    }

    @Override
    public void close() {
        running = false;
        workers.shutdownNow();
        timer.shutdownNow();
        openers.forEach(Thread::interrupt);
    }
}
