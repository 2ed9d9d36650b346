package org.thatdam.storage.copy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.mhl.HashFormat;
import org.thatdam.storage.mhl.MultiHasher;

/**
 * Copies one file to one or more destinations with proof: a single read of the source feeds the
 * hashers and every destination writer; each copy is written to a temporary sibling, flushed to
 * disk, given the source's modification time and linked into place (never over an existing file);
 * then every destination is read back and its xxh64 compared with the source's. A copy that reads
 * back different is deleted (it is ours) and made once more; if it is still different, it is
 * deleted and reported as failed.
 *
 * <p>The source is only ever opened for reading and nothing of it is changed (its access time is
 * up to the mount options: the JDK cannot open with O_NOATIME). A destination that already exists
 * is never overwritten: when it reads back identical to the source (an earlier run that was
 * interrupted before it could record it) it counts as present; otherwise the destination fails.
 *
 * <p>The read-back goes through the operating system like any read: it proves the bytes the file
 * system returns, which is what every later reader sees.
 */
public final class VerifiedCopier {

    /**
     * One chunk: large enough for few system calls, small enough that a chunk read, hashed and written
     * stays in the processor's cache instead of going through memory at each step.
     */
    static final int BUFFER = 1 << 20;
    /** Buffers in flight between the reading/hashing thread and the writing one. */
    private static final int BUFFERS = 8;

    private final Set<HashFormat> formats;
    private final CopyObserver observer;
    /**
     * Direct buffers kept between files: the channels read into and write from them without the
     * JDK's extra copy through a temporary direct buffer that a heap buffer costs on each call, and
     * a card of many small files does not allocate (and leave to the garbage collector) fresh ones.
     */
    private final ConcurrentLinkedQueue<ByteBuffer> spare = new ConcurrentLinkedQueue<>();

    /** A copier computing {@code formats} of every source (xxh64 always: the read-back compares it). */
    public VerifiedCopier(Set<HashFormat> formats) {
        this(formats, CopyObserver.NONE);
    }

    public VerifiedCopier(Set<HashFormat> formats, CopyObserver observer) {
        EnumSet<HashFormat> all = EnumSet.of(HashFormat.XXH64);
        all.addAll(formats);
        this.formats = Set.copyOf(all);
        this.observer = observer;
    }

    /**
     * Copies {@code source} to each of {@code destinations} (full file paths; their folders are
     * created), telling {@code bytesRead} each chunk of the source read. A failure of one destination
     * (a full disk, a different file in the way, a copy that keeps reading back wrong) is in the result;
     * a source that cannot be read fails them all.
     *
     * @throws CancellationException when {@code cancelled} turns true (nothing half-written is left)
     */
    public CopyResult copy(Path source, List<Path> destinations, LongConsumer bytesRead, BooleanSupplier cancelled) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return failedAll(source, 0, null, destinations, "cannot read the source: " + IoErrors.describe(e));
        }
        if (!attrs.isRegularFile()) {
            return failedAll(source, attrs.size(), attrs.lastModifiedTime(), destinations, "the source is not a regular file");
        }
        List<Slot> slots = new ArrayList<>();
        for (Path d : destinations) slots.add(new Slot(d));
        for (Slot s : slots) s.inspect(attrs.size());

        Map<HashFormat, String> hashes;
        try {
            hashes = pass(source, attrs, slots.stream().filter(Slot::toWrite).toList(), bytesRead, cancelled);
        } catch (IOException e) {
            slots.forEach(Slot::discardTemp);
            return failedAll(source, attrs.size(), attrs.lastModifiedTime(), destinations,
                    "cannot read the source: " + IoErrors.describe(e));
        }
        String xxh = hashes.get(HashFormat.XXH64);
        eachAtOnce(slots, s -> s.settle(attrs, xxh, 1));
        List<Slot> retry = slots.stream().filter(s -> s.mismatch).toList();
        if (!retry.isEmpty()) {
            retry.forEach(Slot::reset);
            try {
                Map<HashFormat, String> again = pass(source, attrs, retry, n -> { }, cancelled);
                if (!xxh.equals(again.get(HashFormat.XXH64))) {
                    retry.forEach(s -> s.fail("the source read differently on the second read; its card or reader may be failing"));
                }
            } catch (IOException e) {
                retry.forEach(s -> s.fail("cannot read the source again: " + IoErrors.describe(e)));
            }
            eachAtOnce(retry, s -> s.settle(attrs, xxh, 2));
        }
        return new CopyResult(source, attrs.size(), attrs.lastModifiedTime().toInstant(), hashes,
                slots.stream().map(Slot::result).toList());
    }

    /**
     * One read of the source: every chunk is hashed and written to the temporary file of each slot.
     * A reading thread reads and hashes the next chunks while this one writes the last, so reading,
     * hashing and writing overlap.
     */
    private Map<HashFormat, String> pass(Path source, BasicFileAttributes attrs, List<Slot> writing, LongConsumer bytesRead,
                                         BooleanSupplier cancelled) throws IOException {
        for (Slot s : writing) s.open();
        Reader reader;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            reader = new Reader(in, new MultiHasher(formats), takeBuffers());
            Thread thread = Thread.ofPlatform().daemon().name("copy-read").start(reader);
            try {
                while (true) {
                    Chunk c = take(reader.full);
                    if (c.error != null) throw c.error;
                    if (c.length < 0) break;
                    if (cancelled.getAsBoolean()) throw new CancellationException("the copy was cancelled");
                    for (Slot s : writing) s.write(c.buffer, c.length);
                    bytesRead.accept(c.length);
                    reader.free.add(c.buffer);
                }
            } finally {
                reader.stop = true;
                thread.interrupt();
                joinQuietly(thread);
                if (!thread.isAlive()) reader.giveBack(); // never share a buffer a live reader may still fill
            }
        } catch (IOException | RuntimeException e) {
            writing.forEach(Slot::discardTemp);
            throw e;
        }
        BasicFileAttributes after = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (after.size() != attrs.size() || !after.lastModifiedTime().equals(attrs.lastModifiedTime())) {
            writing.forEach(Slot::discardTemp);
            throw new IOException("it changed while it was being copied");
        }
        eachAtOnce(writing, s -> s.commit(attrs.lastModifiedTime()));
        return reader.hasher.digests(); // the reading thread has ended (joined): its hasher is complete
    }

    /** The buffers for one pass, spare ones first (an interrupted pass may have lost some: they are made anew). */
    private List<ByteBuffer> takeBuffers() {
        List<ByteBuffer> out = new ArrayList<>(BUFFERS);
        while (out.size() < BUFFERS) {
            ByteBuffer b = spare.poll();
            out.add(b != null ? b : ByteBuffer.allocateDirect(BUFFER));
        }
        return out;
    }

    /** The xxh64 of a file as read back from disk. */
    static String readBack(Path file) throws IOException {
        return MultiHasher.hash(file, Set.of(HashFormat.XXH64)).get(HashFormat.XXH64);
    }

    private static CopyResult failedAll(Path source, long size, FileTime mtime, List<Path> destinations, String error) {
        return new CopyResult(source, size, mtime == null ? null : mtime.toInstant(), Map.of(),
                destinations.stream().map(d -> new CopyResult.Destination(d, CopyOutcome.FAILED, 0, error)).toList());
    }

    private static Chunk take(BlockingQueue<Chunk> q) throws IOException {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    /**
     * Runs {@code step} for every slot, each on its own thread when there are several: destinations are
     * usually separate drives, so their flushes and read-backs take the time of one, not of all.
     */
    private static void eachAtOnce(List<Slot> slots, Consumer<Slot> step) {
        if (slots.size() <= 1) {
            slots.forEach(step);
            return;
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (Slot s : slots.subList(1, slots.size())) {
            threads.add(Thread.ofPlatform().daemon().name("copy-settle").start(() -> {
                try {
                    step.accept(s);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        try {
            step.accept(slots.get(0));
        } finally {
            threads.forEach(VerifiedCopier::joinQuietly);
        }
        if (failure.get() != null) throw failure.get();
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Chunk(ByteBuffer buffer, int length, IOException error) {}

    /**
     * Reads the source into free buffers, hashes each chunk and hands it over full; a negative length
     * ends the stream. The hasher takes arrays, so each chunk is copied once into {@code scratch}
     * (while it is still in the processor's cache); the writer writes the direct buffer itself.
     */
    private final class Reader implements Runnable {
        final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
        final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        final FileChannel in;
        final MultiHasher hasher;
        final byte[] scratch = new byte[BUFFER];
        volatile boolean stop;

        Reader(FileChannel in, MultiHasher hasher, List<ByteBuffer> buffers) {
            this.in = in;
            this.hasher = hasher;
            free.addAll(buffers);
        }

        @Override
        public void run() {
            try {
                while (!stop) {
                    ByteBuffer b = free.take();
                    b.clear();
                    int n = 0;
                    while (b.hasRemaining()) {
                        int r = in.read(b);
                        if (r < 0) break;
                        n += r;
                    }
                    b.get(0, scratch, 0, n);
                    hasher.update(scratch, 0, n);
                    if (n > 0) full.put(new Chunk(b, n, null));
                    else free.add(b);
                    if (n < BUFFER) {
                        full.put(new Chunk(null, -1, null));
                        return;
                    }
                }
            } catch (InterruptedException | java.nio.channels.ClosedByInterruptException e) {
                // stopped by the consumer
            } catch (IOException | RuntimeException e) {
                full.offer(new Chunk(null, 0, e instanceof IOException io ? io : new IOException(e)));
            }
        }

        /** After the thread has ended: the buffers of this pass back to the copier's spares. */
        void giveBack() {
            for (ByteBuffer b; (b = free.poll()) != null; ) spare.add(b);
            for (Chunk c; (c = full.poll()) != null; ) {
                if (c.buffer != null) spare.add(c.buffer);
            }
        }
    }

    /** One destination: its temporary file while it is written, then its outcome. */
    private final class Slot {
        final Path target;
        Path temp;
        FileChannel out;
        boolean present;
        boolean mismatch;
        int copies;
        CopyOutcome outcome;
        String error;

        Slot(Path target) {
            this.target = target;
        }

        /** Decides before the read: write it, or compare the file already there. */
        void inspect(long size) {
            try {
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) return;
                BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile()) {
                    fail("something that is not a regular file is in the way; left as it is");
                } else if (a.size() != size) {
                    fail("a different file is already there; it was not overwritten");
                } else {
                    present = true;
                }
            } catch (IOException e) {
                fail(IoErrors.describe(e));
            }
        }

        boolean toWrite() {
            return outcome == null && !present;
        }

        void open() {
            copies++;
            try {
                removeOurLeftovers();
                temp = AtomicFiles.tempSibling(target);
                out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                discardTemp();
                fail("cannot write: " + IoErrors.describe(e));
            }
        }

        void write(ByteBuffer chunk, int length) {
            if (out == null) return; // this destination already failed in this pass
            try {
                ByteBuffer b = chunk.duplicate().position(0).limit(length);
                while (b.hasRemaining()) out.write(b);
            } catch (IOException e) {
                discardTemp();
                fail("cannot write: " + IoErrors.describe(e));
            }
        }

        void commit(FileTime mtime) {
            if (out == null) return;
            try {
                out.close();
                out = null;
                Files.setLastModifiedTime(temp, mtime);
                AtomicFiles.commitNew(temp, target);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                fail("a file appeared there while it was being copied; it was not overwritten");
            } catch (IOException e) {
                fail("cannot write: " + IoErrors.describe(e));
            } finally {
                discardTemp();
            }
        }

        /** Reads the destination back and compares it with the source's xxh64. */
        void settle(BasicFileAttributes source, String xxh, int attempt) {
            if (outcome != null) return;
            try {
                if (!present) observer.beforeReadBack(target, attempt);
                if (readBack(target).equals(xxh)) {
                    outcome = present ? CopyOutcome.ALREADY_PRESENT : CopyOutcome.COPIED;
                } else if (present) {
                    fail("a different file is already there; it was not overwritten");
                } else if (attempt == 1) {
                    mismatch = true;
                } else {
                    Files.deleteIfExists(target); // our copy, twice wrong: no bad copy is left behind
                    fail("the copy read back different from the source twice; the destination disk may be failing");
                }
            } catch (IOException e) {
                fail("cannot read the copy back: " + IoErrors.describe(e));
            }
        }

        /** After a first copy that read back wrong: delete it (it is ours) and write it again. */
        void reset() {
            mismatch = false;
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                fail("the copy read back wrong and cannot be removed: " + IoErrors.describe(e));
            }
        }

        void fail(String why) {
            if (outcome == null) {
                outcome = CopyOutcome.FAILED;
                error = why;
            }
        }

        void discardTemp() {
            try {
                if (out != null) out.close();
            } catch (IOException ignored) {
                // deleted below
            }
            out = null;
            try {
                if (temp != null) Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temporary file is removed by the next copy to this destination
            }
            temp = null;
        }

        /** A temporary file of this target that a killed run left behind (never a user's file: ours start ".name.tmp-"). */
        private void removeOurLeftovers() throws IOException {
            Path dir = target.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) return;
            String name = target.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String prefix = AtomicFiles.tempPrefix(dot > 0 ? name.substring(0, dot) : name);
            String ext = dot > 0 ? name.substring(dot) : "";
            try (var s = Files.newDirectoryStream(dir, p -> {
                String f = p.getFileName().toString();
                return f.startsWith(prefix) && f.endsWith(ext) && f.length() > prefix.length() + ext.length()
                        && f.substring(prefix.length(), f.length() - ext.length()).matches("[0-9a-z]+-[0-9a-z]+");
            })) {
                for (Path p : s) Files.deleteIfExists(p);
            }
        }

        CopyResult.Destination result() {
            return new CopyResult.Destination(target, outcome == null ? CopyOutcome.FAILED : outcome, copies, error);
        }
    }
}
