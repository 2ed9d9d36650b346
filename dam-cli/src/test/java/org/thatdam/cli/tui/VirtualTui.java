package org.thatdam.cli.tui;

import static org.awaitility.Awaitility.await;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The terminal UI running on Lanterna's virtual terminal in this JVM: keys typed into it, the screen
 * read back as text. The app runs on a thread of its own until {@link #close()}.
 */
final class VirtualTui implements AutoCloseable {

    final DefaultVirtualTerminal terminal;
    final Tui tui;
    private final Thread thread;
    /** What {@link Tui#run} ended with: null while it runs or after a normal quit. */
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    VirtualTui(TuiBackend backend, int columns, int rows, Function<Ui, View> first) throws Exception {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        tui = new Tui(terminal, backend, TuiViews::new);
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

    /** The screen as lines of text (trailing blanks kept, one line per row). */
    String screen() {
        StringBuilder b = new StringBuilder();
        TerminalSize size = terminal.getTerminalSize();
        for (int row = 0; row < size.getRows(); row++) {
            for (int col = 0; col < size.getColumns(); col++) b.append(terminal.getCharacter(col, row).getCharacterString());
            b.append('\n');
        }
        return b.toString();
    }

    /** Waits until the screen shows {@code text} (10 s), failing with the screen as it is. */
    VirtualTui awaitText(String text) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .failFast(() -> failure.get() != null)
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(screen()).contains(text));
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
