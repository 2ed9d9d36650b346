package org.thatdam.cli.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.thatdam.model.DamException;

/**
 * The terminal UI's app: a stack of {@link View}s on a Lanterna screen, one UI thread that owns the
 * screen and the views, an input thread and a small pool for blocking calls. Everything that changes
 * what is shown runs as a task on the UI thread's queue, so views need no locks.
 */
public final class Tui implements Ui, AutoCloseable {

    private final Terminal terminal;
    private final TuiBackend backend;
    private final Function<Ui, Views> views;
    private final Screen screen;
    private final Deque<View> stack = new ArrayDeque<>();
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final ExecutorService workers = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("tui-load-", 0).daemon(true).factory());
    private volatile boolean running;
    private String status = "";

    /** The app on {@code terminal}, showing the library of {@code backend}; {@code views} makes the views. */
    public Tui(Terminal terminal, TuiBackend backend, Function<Ui, Views> views) throws IOException {
        this.terminal = terminal;
        this.backend = backend;
        this.views = views;
        this.screen = new TerminalScreen(terminal);
    }

    /** Shows {@code first} and runs until the user quits (returns) or a view fails (throws, the terminal restored). */
    public void run(View first) throws IOException, InterruptedException {
        screen.startScreen();
        screen.setCursorPosition(null);
        running = true;
        Thread input = Thread.ofPlatform().name("tui-input").daemon(true).start(this::readKeys);
        AutoCloseable events = backend.subscribe(e -> tasks.add(() -> stack.forEach(v -> v.event(e, this))));
        try {
            open(first);
            while (running) {
                Runnable task = tasks.take();
                task.run();
                while ((task = tasks.poll()) != null && running) task.run(); // one draw for a burst
                if (running) draw();
            }
        } finally {
            running = false;
            input.interrupt();
            try {
                events.close();
            } catch (Exception ignored) {
                // the backend reports its own failures; quitting goes on
            }
            screen.stopScreen();
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
        } catch (IOException e) {
            tasks.add(() -> running = false);
        }
    }

    private void key(KeyStroke k) {
        View front = stack.peek();
        if (k.getKeyType() == KeyType.EOF || k.isCtrlDown() && k.getKeyType() == KeyType.Character && k.getCharacter() == 'c') {
            running = false;
            return;
        }
        if (k.getKeyType() == KeyType.Escape && (front == null || !front.typing() || !front.key(k, this))) {
            back();
            return;
        }
        if (front != null && front.typing() && front.key(k, this)) return;
        if (k.getKeyType() == KeyType.Character && !k.isCtrlDown() && !k.isAltDown()) {
            switch (k.getCharacter()) {
                case 'q' -> { running = false; return; }
                case '/' -> { open(views().search("")); return; }
                default -> { }
            }
        }
        if (front != null) front.key(k, this);
    }

    private void draw() {
        try {
            TerminalSize resized = screen.doResizeIfNecessary();
            TerminalSize size = resized != null ? resized : screen.getTerminalSize();
            screen.clear();
            TextGraphics g = screen.newTextGraphics();
            View front = stack.peek();
            g.enableModifiers(SGR.REVERSE);
            g.putString(0, 0, pad(" " + (front == null ? "" : front.title()) + " │ " + backend.describe(), size.getColumns()));
            g.disableModifiers(SGR.REVERSE);
            if (front != null) {
                front.draw(g.newTextGraphics(new TerminalPosition(0, 1), new TerminalSize(size.getColumns(), Math.max(0, size.getRows() - 2))),
                        new TerminalSize(size.getColumns(), Math.max(0, size.getRows() - 2)));
            }
            g.putString(0, size.getRows() - 1, pad(status.isEmpty() ? " / search  Esc back  ? help  q quit" : " " + status, size.getColumns()));
            screen.refresh();
        } catch (IOException e) {
            running = false;
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s.substring(0, width) : s + " ".repeat(width - s.length());
    }

    @Override
    public TuiBackend backend() {
        return backend;
    }

    @Override
    public void open(View view) {
        stack.push(view);
        view.shown(this);
        redraw();
    }

    @Override
    public void back() {
        stack.pop();
        if (stack.isEmpty()) {
            running = false;
            return;
        }
        stack.peek().shown(this);
        redraw();
    }

    @Override
    public void status(String message) {
        status = message;
        redraw();
    }

    @Override
    public <T> void load(Callable<T> work, Consumer<T> done) {
        workers.submit(() -> {
            try {
                T result = work.call();
                tasks.add(() -> done.accept(result));
            } catch (DamException e) {
                tasks.add(() -> status(e.getMessage()));
            } catch (Exception e) {
                tasks.add(() -> status("failed: " + e));
            }
        });
    }

    @Override
    public void redraw() {
        tasks.add(() -> { });
    }

    @Override
    public void openExternally(Path file) {
        status("not yet: " + file);
    }

    @Override
    public Views views() {
        return views.apply(this);
    }

    @Override
    public void close() {
        running = false;
        workers.shutdownNow();
    }
}
