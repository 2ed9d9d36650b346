package org.thatdam.cli.tui;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.model.DamException;

/**
 * The result of a backend call that a view must hear about either way (to leave a form open, to
 * allow the next reload): the value, or the library's words for why not, cleaned for the terminal.
 */
record Attempt<T>(@Nullable T value, @Nullable String error) {

    private static final Logger LOG = LoggerFactory.getLogger(Attempt.class);

    boolean ok() {
        return error == null;
    }

    /** {@code work} made to return its failure instead of throwing it. */
    static <T> Callable<Attempt<T>> of(Callable<T> work) {
        return () -> {
            try {
                return new Attempt<>(work.call(), null);
            } catch (DamException e) {
                return new Attempt<>(null, Text.clean(e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Attempt<>(null, "interrupted");
            } catch (Exception e) {
                // a bug, not the library's answer: logged in full, the user told without JDK text
                LOG.error("terminal UI call failed", e);
                return new Attempt<>(null, "internal error (see the log)");
            }
        };
    }
}
