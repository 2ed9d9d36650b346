package org.thatdam.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.thatdam.model.BusyException;
import org.thatdam.model.ErrorCode;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesVerifyAndCarryTheirParametersAndSalt() {
        String h = hasher.hash("correct horse");
        PasswordHasher.Params p = PasswordHasher.DEFAULT;
        assertThat(h).startsWith("$argon2id$v=19$m=" + p.memoryKiB() + ",t=" + p.iterations() + ",p=" + p.parallelism() + "$");
        assertThat(hasher.verify("correct horse", h)).isTrue();
        assertThat(hasher.verify("correct horsf", h)).isFalse();
        assertThat(hasher.verify("", h)).isFalse();
        assertThat(hasher.hash("correct horse")).as("a fresh salt each time").isNotEqualTo(h);
        assertThat(hasher.needsRehash(h)).isFalse();
    }

    @Test
    void hashesMadeWithOtherParametersStillVerifyAndAskForARehash() {
        PasswordHasher old = new PasswordHasher(new PasswordHasher.Params(1024, 1, 1));
        String h = old.hash("längeres Passwort ✓");
        assertThat(hasher.verify("längeres Passwort ✓", h)).isTrue();
        assertThat(hasher.needsRehash(h)).isTrue();
    }

    @Test
    void damagedOrForeignHashesNeverVerifyAndNeverThrow() {
        String good = hasher.hash("secret-password");
        String[] parts = good.split("\\$");
        for (String bad : new String[] {null, "", "plain", "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2id$v=19$m=999999999,t=1,p=1$" + parts[4] + "$" + parts[5],
                "$argon2id$v=19$m=1024,t=1$" + parts[4] + "$" + parts[5],
                "$argon2id$v=19$m=x,t=1,p=1$" + parts[4] + "$" + parts[5],
                "$argon2id$v=19$m=1024,t=1,p=1$!!!$" + parts[5],
                good + "$extra"}) {
            assertThat(hasher.verify("secret-password", bad)).as(bad).isFalse();
            assertThat(hasher.needsRehash(bad)).isTrue();
        }
    }

    /** Reports the cost of one hash with the default parameters on this machine (no limit is asserted). */
    @Test
    void measuresOneHash() {
        hasher.hash("warm up the JIT");
        long[] ms = new long[5];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            hasher.verify("password " + i, hasher.hash("password " + i) );
            ms[i] = (System.nanoTime() - t0) / 2_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("argon2id m=%d KiB t=%d p=%d: median %d ms per hash (min %d, max %d)%n",
                PasswordHasher.DEFAULT.memoryKiB(), PasswordHasher.DEFAULT.iterations(), PasswordHasher.DEFAULT.parallelism(),
                ms[2], ms[0], ms[4]);
        assertThat(hasher.verifyNobody("anything")).isFalse();
    }

    @Test
    void atMostTheAllowedHashesRunAtOnceAndALongWaitIsRefusedAsBusy() throws Exception {
        PasswordHasher one = new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 1, Duration.ofMillis(200));
        String stored = one.hash("password one");
        try (Held held = hold(one)) {
            var busy = catchThrowableOfType(BusyException.class, () -> one.verify("password one", stored));
            assertThat(busy.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(busy.getMessage()).isEqualTo("the server is busy checking passwords; try again in a moment");
            assertThat(busy.retryAfter()).isPositive();
            assertThatThrownBy(() -> one.hash("password two")).isInstanceOf(BusyException.class);
        }
        assertThat(one.verify("password one", stored)).as("once the slot is free again").isTrue();
    }

    @Test
    void aWaitingHashRunsOnceTheSlotFrees() throws Exception {
        PasswordHasher one = new PasswordHasher(new PasswordHasher.Params(1024, 1, 1), 1, Duration.ofSeconds(30));
        String stored = one.hash("password one");
        var waiting = new java.util.concurrent.CompletableFuture<Boolean>();
        try (Held held = hold(one)) {
            Thread.ofPlatform().start(() -> waiting.complete(one.verify("password one", stored)));
            // it queues behind the held slot: nothing answers while the slot is taken
            assertThat(waiting).isNotDone();
        }
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Takes all of {@code hasher}'s slots (as long hashes would) until closed. */
    static Held hold(PasswordHasher hasher) throws InterruptedException {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().daemon(true).start(() -> hasher.withPermit(() -> {
            taken.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(taken.await(30, TimeUnit.SECONDS)).isTrue();
        return new Held(release, t);
    }

    record Held(CountDownLatch release, Thread thread) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            release.countDown();
            thread.join(30_000);
        }
    }
}
