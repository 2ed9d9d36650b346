package org.thatdam.cli.tui;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** What a {@link View} may ask of the app. Called on the UI thread. */
public interface Ui {

    TuiBackend backend();

    /** Puts {@code view} in front; Esc comes back to the one before. */
    void open(View view);

    /** Closes the front view (as Esc does); the last one quits. */
    void back();

    /** A line for the footer, e.g. "saved", until the next one or a few seconds. */
    void status(String message);

    /**
     * Runs {@code work} off the UI thread and hands its result to {@code done} on the UI thread, then
     * redraws. A failure is shown on the status line in the library's words (never a stack trace).
     */
    <T> void load(Callable<T> work, Consumer<T> done);

    /**
     * Runs {@code task} on the UI thread after {@code delay} (a debounced reload, a retry), then redraws;
     * nothing once the app has ended.
     */
    void after(java.time.Duration delay, Runnable task);

    /** Draw again soon (after a change made outside {@link #load}). */
    void redraw();

    /** Opens a file of this machine in the desktop's player ({@code xdg-open}); a clear status when there is none. */
    void openExternally(Path file);

    /** The views of the app, to open one from another (Enter on a row opens its asset). */
    Views views();

    /** Makes the app's views; each call a new one. */
    interface Views {
        View dashboard();

        View library();

        View search(String query);

        View asset(long id);

        View jobs();

        View scan();
    }
}
