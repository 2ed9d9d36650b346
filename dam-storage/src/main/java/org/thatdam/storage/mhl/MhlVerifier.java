package org.thatdam.storage.mhl;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.thatdam.model.DamException;
import org.thatdam.storage.IoErrors;
import org.thatdam.storage.mhl.VerifyReport.Mismatch;

/**
 * Checks a folder against its ASC MHL history: every file the history records is read again and
 * hashed in the formats recorded for it (all of them, in one read), and compared with the newest
 * hash that was not a failure. Nothing under the folder is written.
 */
public final class MhlVerifier {

    /** Told the total before reading starts, then the bytes read so far as they grow. */
    public interface Progress {
        /** For a caller that shows no progress. */
        Progress NONE = new Progress() {
            @Override
            public void start(int files, long totalBytes) {}

            @Override
            public void bytesDone(long done) {}
        };

        void start(int files, long totalBytes);

        void bytesDone(long done);
    }

    private MhlVerifier() {}

    /** Verifies the folder {@code root} against its history; {@code bytesDone} is told the bytes read so far as they grow. */
    public static VerifyReport verify(Path root, LongConsumer bytesDone) {
        return verify(root, new Progress() {
            @Override
            public void start(int files, long totalBytes) {}

            @Override
            public void bytesDone(long done) {
                bytesDone.accept(done);
            }
        });
    }

    /** Verifies the folder {@code root} against its history, telling {@code progress} the total first. */
    public static VerifyReport verify(Path root, Progress progress) {
        return verify(MhlHistory.open(requireFolder(root)), progress);
    }

    /** Verifies {@code history}'s folder; an empty history (no {@code ascmhl/}) is an error: there is nothing to verify against. */
    public static VerifyReport verify(MhlHistory history, Progress progress) {
        if (history.isEmpty()) {
            throw DamException.notFound(history.root() + " has no ASC MHL history (no " + MhlHistory.FOLDER
                    + "/ folder with hash lists): nothing to verify against");
        }
        return check(history, Set.of(), progress).report();
    }

    /** A verification and the in-place generation that records it. */
    public record Recorded(VerifyReport report, Path generation) {}

    /**
     * Verifies {@code root} and records the result as a new in-place generation, as the reference
     * tool's {@code create} does: each recorded file present gets its hashes marked {@code verified}
     * (or {@code failed}, with the value it has now), files new since the last generation get
     * {@code original} hashes in {@code formats}, missing files are left out. On a folder without a
     * history this writes the first generation (all {@code original}).
     */
    public static Recorded record(Path root, Set<HashFormat> formats, MhlCreator creator, Instant now, Progress progress) {
        if (formats.isEmpty()) throw DamException.invalid("no hash format asked for");
        MhlHistory history = MhlHistory.open(requireFolder(root));
        Checked c = check(history, formats, progress);
        Path generation = history.addGeneration(c.entries(now), MhlProcess.IN_PLACE, creator, now);
        return new Recorded(c.report(), generation);
    }

    /** One file read during a check: what it should be (empty for a new file) and what it is. */
    private record Seen(String path, long size, Instant modified, Map<HashFormat, MhlHash> expected, Map<HashFormat, String> actual) {}

    private record Checked(VerifyReport report, List<Seen> seen) {
        List<MhlFile> entries(Instant now) {
            List<MhlFile> out = new ArrayList<>();
            for (Seen s : seen) {
                List<MhlHash> hashes = new ArrayList<>();
                s.actual().forEach((f, value) -> {
                    MhlHash was = s.expected().get(f);
                    HashAction a = was == null ? HashAction.ORIGINAL : was.value().equals(value) ? HashAction.VERIFIED : HashAction.FAILED;
                    hashes.add(new MhlHash(f, value, a, now));
                });
                out.add(new MhlFile(s.path(), s.size(), s.modified(), hashes));
            }
            return out;
        }
    }

    /** Reads every recorded file (and, when {@code newFormats} is not empty, every new one too). */
    private static Checked check(MhlHistory history, Set<HashFormat> newFormats, Progress progress) {
        Path root = history.root();
        Map<String, Map<HashFormat, MhlHash>> trusted = history.trusted();
        Map<String, BasicFileAttributes> found = walk(root, ignoreMatcher(history.ignorePatterns()));
        long total = 0;
        int files = 0;
        for (Map.Entry<String, BasicFileAttributes> e : found.entrySet()) {
            if (trusted.containsKey(e.getKey()) || !newFormats.isEmpty()) {
                total += e.getValue().size();
                files++;
            }
        }
        progress.start(files, total);

        List<String> missing = new ArrayList<>();
        List<Mismatch> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        List<Seen> seen = new ArrayList<>();
        long[] done = {0};
        int checked = 0;
        for (String path : trusted.keySet()) {
            if (!found.containsKey(path)) missing.add(path);
        }
        for (Map.Entry<String, BasicFileAttributes> e : found.entrySet()) {
            String path = e.getKey();
            Map<HashFormat, MhlHash> expected = trusted.get(path);
            if (expected == null) {
                added.add(path);
                expected = Map.of();
                if (newFormats.isEmpty()) continue;
            } else if (expected.isEmpty()) {
                unchecked.add(path);
                continue;
            } else {
                checked++;
            }
            // A recorded file is read in its recorded formats (plus, when recording, nothing new: a
            // failed file must not get a fresh "original" that would later vouch for the damage).
            Set<HashFormat> formats = expected.isEmpty() ? EnumSet.copyOf(newFormats) : EnumSet.copyOf(expected.keySet());
            long before = done[0];
            Map<HashFormat, String> actual;
            try {
                actual = MultiHasher.hash(root.resolve(path), formats, n -> progress.bytesDone(done[0] += n));
            } catch (IOException x) {
                done[0] = before + e.getValue().size();
                progress.bytesDone(done[0]);
                if (!expected.isEmpty()) {
                    HashFormat f = expected.keySet().iterator().next();
                    changed.add(new Mismatch(path, f, expected.get(f).value(), "unreadable: " + IoErrors.describe(x)));
                }
                continue;
            }
            for (Map.Entry<HashFormat, MhlHash> h : expected.entrySet()) {
                String now = actual.get(h.getKey());
                if (!h.getValue().value().equals(now)) {
                    changed.add(new Mismatch(path, h.getKey(), h.getValue().value(), now));
                    break;
                }
            }
            seen.add(new Seen(path, e.getValue().size(), e.getValue().lastModifiedTime().toInstant(), expected, actual));
        }
        return new Checked(new VerifyReport(checked, done[0], missing, changed, added, unchecked), seen);
    }

    /** The regular files under {@code root} with their attributes, by '/'-separated relative path; links are not followed. */
    private static Map<String, BasicFileAttributes> walk(Path root, Pattern historyIgnores) {
        Map<String, BasicFileAttributes> out = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) return FileVisitResult.CONTINUE;
                    String rel = MhlFile.pathOf(root, dir);
                    return skip(rel) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String rel = MhlFile.pathOf(root, file);
                    if (attrs.isRegularFile() && !skip(rel)) out.put(rel, attrs);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // An unreadable entry shows up as missing (if recorded) rather than ending the whole check.
                    return FileVisitResult.CONTINUE;
                }

                private boolean skip(String rel) {
                    return MhlHistory.ignored(rel) || historyIgnores.matcher(rel).matches();
                }
            });
        } catch (IOException e) {
            throw IoErrors.failure("cannot read " + root, e);
        }
        return out;
    }

    /**
     * The history's ignore patterns as one regular expression over relative paths, with the
     * gitignore rules the reference tool follows: a pattern without an inner '/' matches a name at
     * any depth, one with a '/' matches from the root; '*' and '?' stay within a name; a trailing '/'
     * is dropped (folders and files are both skipped, which is what a card's clutter needs).
     */
    static Pattern ignoreMatcher(List<String> patterns) {
        Set<String> alternatives = new TreeSet<>();
        for (String raw : patterns) {
            String p = raw.strip();
            if (p.isEmpty() || p.startsWith("#") || p.startsWith("!")) continue;
            if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
            boolean anchored = p.contains("/");
            if (p.startsWith("/")) p = p.substring(1);
            if (p.isEmpty()) continue;
            String body = globToRegex(p);
            alternatives.add(anchored ? body + "(/.*)?" : "(.*/)?" + body + "(/.*)?");
        }
        return alternatives.isEmpty() ? Pattern.compile("(?!)") : Pattern.compile(String.join("|", alternatives));
    }

    private static String globToRegex(String glob) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                b.append(".*");
                i++;
            } else if (c == '*') {
                b.append("[^/]*");
            } else if (c == '?') {
                b.append("[^/]");
            } else {
                b.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return "(?:" + b + ")";
    }

    private static Path requireFolder(Path root) {
        if (!Files.exists(root)) throw DamException.notFound("no such folder: " + root);
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(root)) {
            throw DamException.invalid(root + " is not a folder");
        }
        return root;
    }
}
