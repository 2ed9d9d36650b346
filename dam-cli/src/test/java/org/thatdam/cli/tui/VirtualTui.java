package org.thatdam.cli.tui;

import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The terminal UI running on Lanterna's virtual terminal in this JVM: keys typed into it, the screen
 * read back as text. The app runs on a thread of its own until {@link #close()}.
 */
final class VirtualTui implements AutoCloseable {

    final Terminal terminal;
    final Tui tui;
    private final Thread thread;
    /** What {@link Tui#run} ended with: null while it runs or after a normal quit. */
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * Lanterna's virtual terminal, telling whether it is in private mode (the alternate screen) now. Its
     * own {@code readInput} waits for a key holding the terminal's lock, which would stop every draw while
     * the app waits for input; keys go through a queue of this class instead.
     */
    static final class Terminal extends DefaultVirtualTerminal {
        private volatile boolean privateMode;
        private final BlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();

        Terminal(TerminalSize size) {
            super(size);
        }

        @Override
        public synchronized void enterPrivateMode() {
            privateMode = true;
            super.enterPrivateMode();
        }

        @Override
        public synchronized void exitPrivateMode() {
            privateMode = false;
            super.exitPrivateMode();
        }

        @Override
        public void addInput(KeyStroke key) {
            keys.add(key);
        }

        @Override
        public KeyStroke pollInput() {
            return keys.poll();
        }

        @Override
        public KeyStroke readInput() {
            try {
                return keys.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new KeyStroke(KeyType.EOF); // the app is ending: its input thread stops
            }
        }

        boolean inPrivateMode() {
            return privateMode;
        }
    }

    VirtualTui(TuiBackend backend, int columns, int rows, Function<Ui, View> first) throws Exception {
        this(backend, columns, rows, first, System.getenv());
    }

    /** With the environment the app sees (whether there is a display to open files on). */
    VirtualTui(TuiBackend backend, int columns, int rows, Function<Ui, View> first, Map<String, String> env) throws Exception {
        terminal = new Terminal(new TerminalSize(columns, rows));
        tui = new Tui(terminal, backend, TuiViews::new, env);
        thread = Thread.ofPlatform().name("virtual-tui").daemon(true).start(() -> {
            try {
                tui.run(first.apply(tui));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    /** Types {@code text} key by key. */
    VirtualTui type(String text) {
        text.codePoints().forEach(c -> terminal.addInput(new KeyStroke((char) c, false, false)));
        return this;
    }

    VirtualTui press(KeyType key) {
        terminal.addInput(new KeyStroke(key));
        return this;
    }

    VirtualTui press(KeyStroke key) {
        terminal.addInput(key);
        return this;
    }

    /** The screen as lines of text (trailing blanks kept, one line per row): a whole frame, never one half drawn. */
    String screen() {
        synchronized (tui.frameLock()) {
            return screenNow();
        }
    }

    private String screenNow() {
        StringBuilder b = new StringBuilder();
        TerminalSize size = terminal.getTerminalSize();
        for (int row = 0; row < size.getRows(); row++) {
            b.append(lineNow(row)).append('\n');
        }
        return b.toString();
    }

    /** One row of the screen as text. */
    String line(int row) {
        synchronized (tui.frameLock()) {
            return lineNow(row);
        }
    }

    private String lineNow(int row) {
        StringBuilder b = new StringBuilder();
        for (int col = 0; col < terminal.getTerminalSize().getColumns(); col++) {
            TextCharacter c = terminal.getCharacter(col, row);
            if (c.isDoubleWidth()) col++; // the cell after a wide character is its second half
            b.append(c.getCharacterString());
        }
        return b.toString();
    }

    /** The header's tab drawn as the front one (not reversed like the others), or "" while none is. */
    String activeTab() {
        synchronized (tui.frameLock()) {
            return activeTabNow();
        }
    }

    private String activeTabNow() {
        StringBuilder b = new StringBuilder();
        int columns = terminal.getTerminalSize().getColumns();
        for (int col = 0; col < columns; col++) {
            TextCharacter c = terminal.getCharacter(col, 0);
            if (c.getModifiers().contains(SGR.REVERSE)) {
                if (!b.isEmpty()) break;
            } else {
                b.append(c.getCharacterString());
            }
        }
        return b.toString().strip();
    }

    /** Waits until the screen shows {@code text} (10 s), failing with the screen as it is. */
    VirtualTui awaitText(String text) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .failFast(() -> failure.get() != null)
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(screen()).as("the screen").contains(text));
        return this;
    }

    /** Waits until the view {@code title} is in front. */
    VirtualTui awaitFront(String title) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .failFast(() -> failure.get() != null)
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(tui.frontTitle()).as(this::screen).isEqualTo(title));
        return this;
    }

    /** Waits until the app's thread has ended (quit, or failed: see {@link #failure}). */
    VirtualTui awaitEnded() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::ended);
        return this;
    }

    /** Whether the app's thread has ended (quit, or failed: see {@link #failure}). */
    boolean ended() {
        return !thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) terminal.addInput(new KeyStroke(KeyType.EOF));
        thread.join(5000);
        tui.close();
    }
}
