package org.thatdam.cli.tui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A view's reload, one at a time: a reload asked for while one runs is made once it ends, so the
 * newest state is always shown and a burst of events costs two loads, not one each. Used on the UI
 * thread only.
 */
final class OneLoad<T> {

    /** Made at each start, on the UI thread: it reads the view's filters as they are then. */
    private final Function<Ui, Callable<T>> work;
    private final Consumer<Attempt<T>> done;
    private boolean loading;
    private boolean again;

    OneLoad(Function<Ui, Callable<T>> work, Consumer<Attempt<T>> done) {
        this.work = work;
        this.done = done;
    }

    void run(Ui ui) {
        if (loading) {
            again = true;
            return;
        }
        loading = true;
        ui.load(Attempt.of(work.apply(ui)), a -> {
            loading = false;
            done.accept(a);
            if (again) {
                again = false;
                run(ui);
            }
        });
    }
}
