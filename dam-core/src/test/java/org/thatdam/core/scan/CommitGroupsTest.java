package org.thatdam.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.sql.SqliteCatalog;

/** Commit groups on a real SQLite catalog, with a clock the test moves. */
class CommitGroupsTest {

    @TempDir Path tmp;
    Catalog catalog;
    /** The groups' clock, in nanoseconds: only the test moves it. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** The files whose actions ran (after their group committed), with whether their change was visible then. */
    final Map<String, Boolean> committed = new ConcurrentHashMap<>();
    final List<String> failed = new CopyOnWriteArrayList<>();
    CommitGroups groups;

    @BeforeEach
    void open() {
        catalog = SqliteCatalog.open(tmp.resolve("catalog.db"));
        groups = new CommitGroups(catalog, Scanner.GROUP_MAX_FILES, Scanner.GROUP_MAX_AGE, nanos::get,
                (path, e) -> failed.add(path + ": " + e.getMessage()), false);
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    /** A file's change: one batch row named after it; its action notes whether another connection sees it. */
    private void add(String name) {
        groups.add(name, s -> {
            s.batches().idFor(name, 0);
            return () -> committed.put(name, visible(name));
        });
    }

    private boolean visible(String name) {
        return catalog.read(s -> s.batches().find(name).isPresent());
    }

    private int rows() {
        return catalog.read(s -> s.batches().list().size());
    }

    @Test
    void aGroupCommitsAtItsMaximumNumberOfFiles() {
        for (int i = 1; i < Scanner.GROUP_MAX_FILES; i++) add("f" + i);
        assertThat(rows()).as("199 files: the group is still open").isZero();
        assertThat(committed).isEmpty();

        add("f" + Scanner.GROUP_MAX_FILES);
        assertThat(rows()).isEqualTo(Scanner.GROUP_MAX_FILES);
        assertThat(committed).hasSize(Scanner.GROUP_MAX_FILES).doesNotContainValue(false);

        add("next");
        assertThat(visible("next")).as("a new group opened").isFalse();
        groups.close();
        assertThat(committed).containsEntry("next", true);
        assertThat(failed).isEmpty();
    }

    @Test
    void aGroupCommitsOnceItsFirstFileIsOldEnough() {
        add("a");
        nanos.addAndGet(Scanner.GROUP_MAX_AGE.toNanos() - 1_000_000);
        add("b");
        groups.commitIfDue();
        assertThat(rows()).as("249 ms: still open").isZero();

        nanos.addAndGet(1_000_000);
        groups.commitIfDue(); // what the timer does when no further file comes
        assertThat(rows()).isEqualTo(2);
        assertThat(committed).containsOnlyKeys("a", "b").doesNotContainValue(false);

        add("c");
        nanos.addAndGet(Scanner.GROUP_MAX_AGE.toNanos());
        add("d"); // the file that arrives late closes the group itself
        assertThat(rows()).isEqualTo(4);
        assertThat(failed).isEmpty();
    }

    @Test
    void aFileWhoseChangeFailsIsUndoneAloneAndTheOthersOfItsGroupCommit() {
        add("before");
        groups.add("broken", s -> {
            s.batches().idFor("broken", 0); // written, then undone with the rest of this file's change
            throw new IllegalStateException("no such column: nonsense");
        });
        add("after");
        groups.close();

        assertThat(committed).containsOnlyKeys("before", "after").doesNotContainValue(false);
        assertThat(visible("broken")).isFalse();
        assertThat(failed).containsExactly("broken: no such column: nonsense");
    }

    @Test
    void aFailingActionAfterTheCommitIsThatFilesFailureOnly() {
        groups.add("loud", s -> {
            s.batches().idFor("loud", 0);
            return () -> {
                throw new IllegalStateException("listener failed");
            };
        });
        add("quiet");
        groups.close();

        assertThat(visible("loud")).as("its change is committed").isTrue();
        assertThat(committed).containsOnlyKeys("quiet");
        assertThat(failed).containsExactly("loud: listener failed");
    }

    @Test
    void afterCloseEachChangeCommitsAtOnce() {
        groups.close();
        add("late"); // a worker finishing after a cancelled scan's last group
        assertThat(committed).containsEntry("late", true);
    }
}
