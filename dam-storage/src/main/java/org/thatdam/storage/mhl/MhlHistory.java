package org.thatdam.storage.mhl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.storage.AtomicFiles;
import org.thatdam.storage.IoErrors;

/**
 * The ASC MHL v2 history of a folder: the generations in {@code root/ascmhl/} (one .mhl file each,
 * numbered 0001, 0002 …) and the chain file naming each with its C4 id. Opening checks every
 * generation against the chain, so a hash list altered after it was written is noticed before it
 * is trusted. New generations are written atomically, the .mhl first and the chain after it: a
 * crash in between leaves an unlisted file that later generations simply do not count.
 */
public final class MhlHistory {

    public static final String FOLDER = "ascmhl";
    public static final String CHAIN = "ascmhl_chain.xml";
    /** Limits on what is read, which is held in memory whole: far beyond any real history, well within a worker's heap. */
    static final long MAX_CHAIN_BYTES = 16L << 20;
    static final long MAX_HASH_LIST_BYTES = 64L << 20;
    static final int MAX_ENTRIES = 5_000_000;

    /** OS clutter that is never part of a card or a backup (compared ignoring case), plus the history itself. */
    private static final Set<String> IGNORED_NAMES = Set.of(
            ".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".spotlight-v100", ".trashes", ".fseventsd",
            ".temporaryitems", "system volume information", "$recycle.bin", ".documentrevisions-v100", ".apdisk",
            ".volumeicon.icns", "icon\r", FOLDER);
    /** The same rules as patterns, written into each generation so other tools skip what we skip. */
    static final List<String> IGNORE_PATTERNS = List.of(
            ".DS_Store", "._*", "Thumbs.db", "ehthumbs.db", "desktop.ini", ".Spotlight-V100", ".Trashes", ".fseventsd",
            ".TemporaryItems", "System Volume Information", "$RECYCLE.BIN", ".DocumentRevisions-V100", ".apdisk",
            ".VolumeIcon.icns", "ascmhl", "ascmhl/");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss").withZone(ZoneOffset.UTC);

    /** One generation: a hash list and where the chain puts it. */
    public record Generation(int sequence, String fileName, String c4, Instant created, MhlCreator creator,
                             MhlProcess process, List<String> ignorePatterns, List<MhlFile> files) {
        public Generation {
            ignorePatterns = List.copyOf(ignorePatterns);
            files = List.copyOf(files);
        }
    }

    private record ChainEntry(int sequence, String fileName, String c4) {}

    private final Path root;
    private final List<Generation> generations;

    private MhlHistory(Path root, List<Generation> generations) {
        this.root = root;
        this.generations = new ArrayList<>(generations);
    }

    /** The history of {@code root}, empty when it has no {@code ascmhl/} folder yet. */
    public static MhlHistory open(Path root) {
        Path dir = root.resolve(FOLDER);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return new MhlHistory(root, List.of());
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw DamException.invalid(dir + " is not a folder, so it cannot hold an ASC MHL history");
        }
        Path chain = dir.resolve(CHAIN);
        if (!Files.isRegularFile(chain, LinkOption.NOFOLLOW_LINKS)) {
            if (!listMhlFiles(dir).isEmpty()) {
                throw broken(dir + " holds hash lists but no " + CHAIN + ", so they cannot be trusted");
            }
            return new MhlHistory(root, List.of());
        }
        List<Generation> generations = new ArrayList<>();
        int[] entries = {0};
        for (ChainEntry e : readChain(chain)) {
            Path file = dir.resolve(e.fileName());
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw broken("the ASC MHL chain names " + FOLDER + "/" + e.fileName() + ", which is missing");
            }
            checkSize(file, MAX_HASH_LIST_BYTES); // before hashing it for its c4 id
            String actual;
            try {
                actual = MultiHasher.c4(file);
            } catch (IOException x) {
                throw IoErrors.failure("cannot read " + file, x);
            }
            if (!actual.equals(e.c4())) {
                throw broken(FOLDER + "/" + e.fileName() + " does not match the c4 id " + CHAIN
                        + " records for it: the hash list was changed after it was written");
            }
            generations.add(readHashList(file, e, entries));
        }
        generations.sort(Comparator.comparingInt(Generation::sequence));
        return new MhlHistory(root, generations);
    }

    public Path root() {
        return root;
    }

    public synchronized boolean isEmpty() {
        return generations.isEmpty();
    }

    /** The generations, oldest first. */
    public synchronized List<Generation> generations() {
        return List.copyOf(generations);
    }

    /** The newest record of each path, sorted by path. */
    public synchronized Map<String, MhlFile> latest() {
        Map<String, MhlFile> out = new TreeMap<>();
        for (Generation g : generations) {
            for (MhlFile f : g.files()) out.put(f.path(), f);
        }
        return out;
    }

    /**
     * For each path, the hashes to check it against: per format the newest one that is not
     * {@code failed} (a failed hash records what a damaged file had become, not what it should be).
     */
    public synchronized Map<String, Map<HashFormat, MhlHash>> trusted() {
        Map<String, Map<HashFormat, MhlHash>> out = new TreeMap<>();
        for (int i = generations.size() - 1; i >= 0; i--) {
            for (MhlFile f : generations.get(i).files()) {
                Map<HashFormat, MhlHash> m = out.computeIfAbsent(f.path(), p -> new EnumMap<>(HashFormat.class));
                for (MhlHash h : f.hashes()) {
                    if (h.action() != HashAction.FAILED) m.putIfAbsent(h.format(), h);
                }
            }
        }
        return out;
    }

    /** The ignore patterns of the newest generation (another tool's may add its own to ours). */
    synchronized List<String> ignorePatterns() {
        return generations.isEmpty() ? IGNORE_PATTERNS : generations.getLast().ignorePatterns();
    }

    /**
     * Writes the next generation: {@code NNNN_<folder>_<yyyy-MM-dd_HHmmss>Z.mhl}, then the chain
     * with it appended. Returns the new hash list's path.
     */
    public synchronized Path addGeneration(List<MhlFile> files, MhlProcess process, MhlCreator creator, Instant created) {
        for (MhlFile f : files) checkWritable(f.path(), "a file name");
        checkWritable(creator.hostname(), "the host name");
        creator.author().ifPresent(a -> checkWritable(a, "the author"));
        creator.comment().ifPresent(c -> checkWritable(c, "the comment"));
        int sequence = generations.isEmpty() ? 1 : generations.getLast().sequence() + 1;
        String fileName = String.format(Locale.ROOT, "%04d_%s_%sZ.mhl", sequence, folderName(), FILE_TIME.format(created));
        Path dir = root.resolve(FOLDER);
        Path file = dir.resolve(fileName);
        checkUnchanged(dir);
        Generation g;
        try {
            Files.createDirectories(dir);
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            Generation draft = new Generation(sequence, fileName, "", created, creator, process, IGNORE_PATTERNS, files);
            AtomicFiles.write(file, out -> MhlXml.write(new DigestOutputStream(out, sha512), w -> writeHashList(w, draft)));
            g = new Generation(sequence, fileName, MultiHasher.c4(sha512.digest()), created, creator, process, IGNORE_PATTERNS, files);
            List<Generation> all = new ArrayList<>(generations);
            all.add(g);
            AtomicFiles.write(dir.resolve(CHAIN), out -> MhlXml.write(out, w -> writeChain(w, all)));
        } catch (IOException e) {
            throw IoErrors.failure("cannot write the ASC MHL history in " + dir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new DamException(ErrorCode.INTERNAL, "every Java runtime has SHA-512", e);
        }
        generations.add(g);
        return file;
    }

    /**
     * Refuses to write when another program added a generation since this history was read: the new
     * one would take its sequence number and the rewritten chain would drop it.
     */
    private void checkUnchanged(Path dir) {
        Path chain = dir.resolve(CHAIN);
        List<String> onDisk = Files.isRegularFile(chain, LinkOption.NOFOLLOW_LINKS)
                ? readChain(chain).stream().map(ChainEntry::fileName).toList() : List.of();
        if (!onDisk.equals(generations.stream().map(Generation::fileName).toList())) {
            throw broken("the ASC MHL history in " + dir + " was changed by another program while this one worked; run again");
        }
    }

    /** Whether {@code relativePath} ('/'-separated) is OS clutter or part of an MHL history, at any depth. */
    public static boolean ignored(String relativePath) {
        for (String part : relativePath.split("/")) {
            String p = part.toLowerCase(Locale.ROOT);
            if (p.startsWith("._") || IGNORED_NAMES.contains(p)) return true;
        }
        return false;
    }

    private String folderName() {
        Path name = root.toAbsolutePath().normalize().getFileName();
        return name == null ? "root" : name.toString();
    }

    private static void checkWritable(String s, String what) {
        if (!MhlXml.writable(s)) {
            throw DamException.invalid("cannot record " + what + " '" + s.replaceAll("\\p{Cntrl}", "?")
                    + "' in an ASC MHL: XML cannot hold its control characters");
        }
    }

    static DamException broken(String message) {
        return new DamException(ErrorCode.CONFLICT, message);
    }

    private static List<Path> listMhlFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".mhl")).toList();
        } catch (IOException e) {
            throw IoErrors.failure("cannot read " + dir, e);
        }
    }

    // ---- reading ----

    private static void checkSize(Path file, long max) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw IoErrors.failure("cannot read " + file, e);
        }
        if (size > max) {
            throw DamException.invalid(FOLDER + "/" + file.getFileName() + " is refused: it is " + MhlXml.mib(size) + ", more than the "
                    + MhlXml.mib(max) + " a hash list may be here");
        }
    }

    private static List<ChainEntry> readChain(Path chain) {
        return MhlXml.read(chain, MAX_CHAIN_BYTES, MhlXml.DIRECTORY_NS, "ascmhldirectory", r -> {
            List<ChainEntry> entries = new ArrayList<>();
            while (MhlXml.nextChild(r)) {
                if (!"hashlist".equals(r.getLocalName())) {
                    MhlXml.skip(r);
                    continue;
                }
                String seq = r.getAttributeValue(null, "sequencenr");
                String path = null;
                String c4 = null;
                while (MhlXml.nextChild(r)) {
                    switch (r.getLocalName()) {
                        case "path" -> path = MhlXml.text(r);
                        case "c4" -> c4 = MhlXml.text(r);
                        default -> MhlXml.skip(r);
                    }
                }
                entries.add(chainEntry(seq, path, c4, entries.size() + 1));
            }
            return entries;
        });
    }

    private static ChainEntry chainEntry(String seq, String path, String c4, int position) {
        if (path == null || c4 == null) {
            throw DamException.invalid(CHAIN + ": entry " + position + " lacks its path or c4 id");
        }
        // The chain names files next to it; anything else would let a hostile chain point elsewhere.
        if (path.isEmpty() || path.contains("/") || path.contains("\\") || path.equals("..") || path.equals(".")) {
            throw DamException.invalid(CHAIN + ": entry " + position + " names '" + MhlXml.clip(path) + "', which is not a file of " + FOLDER + "/");
        }
        int sequence;
        try {
            sequence = seq == null ? position : Integer.parseInt(seq.strip());
        } catch (NumberFormatException e) {
            throw DamException.invalid(CHAIN + ": entry " + position + " has sequence number '" + MhlXml.clip(seq) + "'");
        }
        return new ChainEntry(sequence, path, c4);
    }

    /** Reads one generation; {@code entries} counts the hash entries read so far over the whole history. */
    private static Generation readHashList(Path file, ChainEntry entry, int[] entries) {
        return MhlXml.read(file, MAX_HASH_LIST_BYTES, MhlXml.NS, "hashlist", r -> {
            Instant created = null;
            String hostname = "";
            String tool = "";
            String version = "";
            Optional<String> author = Optional.empty();
            Optional<String> comment = Optional.empty();
            MhlProcess process = MhlProcess.IN_PLACE;
            List<String> ignore = new ArrayList<>();
            List<RawHash> raw = new ArrayList<>();
            while (MhlXml.nextChild(r)) {
                switch (r.getLocalName()) {
                    case "creatorinfo" -> {
                        while (MhlXml.nextChild(r)) {
                            switch (r.getLocalName()) {
                                case "creationdate" -> created = MhlXml.date(MhlXml.text(r), entry.fileName() + ": creationdate");
                                case "hostname" -> hostname = MhlXml.text(r);
                                case "tool" -> {
                                    version = Optional.ofNullable(r.getAttributeValue(null, "version")).orElse("");
                                    tool = MhlXml.text(r);
                                }
                                case "author" -> {
                                    String a = MhlXml.text(r);
                                    if (author.isEmpty()) author = Optional.of(a);
                                }
                                case "comment" -> comment = Optional.of(MhlXml.text(r));
                                default -> MhlXml.skip(r);
                            }
                        }
                    }
                    case "processinfo" -> {
                        while (MhlXml.nextChild(r)) {
                            switch (r.getLocalName()) {
                                case "process" -> process = MhlProcess.ofTag(MhlXml.text(r));
                                case "ignore" -> {
                                    while (MhlXml.nextChild(r)) {
                                        if ("pattern".equals(r.getLocalName())) ignore.add(MhlXml.text(r));
                                        else MhlXml.skip(r);
                                    }
                                }
                                default -> MhlXml.skip(r);
                            }
                        }
                    }
                    case "hashes" -> {
                        while (MhlXml.nextChild(r)) {
                            if (!"hash".equals(r.getLocalName())) {
                                MhlXml.skip(r);
                                continue;
                            }
                            if (++entries[0] > MAX_ENTRIES) {
                                throw new MhlXml.TooLarge("the history records more than " + MAX_ENTRIES + " files");
                            }
                            raw.add(readHash(r, entry.fileName()));
                        }
                    }
                    default -> MhlXml.skip(r);
                }
            }
            if (created == null) throw DamException.invalid(entry.fileName() + " has no creationdate");
            Instant when = created;
            List<MhlFile> files = raw.stream().map(h -> h.toFile(when)).toList();
            return new Generation(entry.sequence(), entry.fileName(), entry.c4(), created,
                    new MhlCreator(tool, version, hostname, author, comment), process, ignore, files);
        });
    }

    /** A hash entry as read; dates it leaves out default to the generation's creation date. */
    private record RawHash(String path, long size, Instant lastModified, List<RawValue> values) {
        MhlFile toFile(Instant created) {
            List<MhlHash> hashes = values.stream()
                    .map(v -> new MhlHash(v.format(), v.value(), v.action(), v.date() == null ? created : v.date()))
                    .toList();
            return new MhlFile(path, size, lastModified == null ? created : lastModified, hashes);
        }
    }

    private record RawValue(HashFormat format, String value, HashAction action, Instant date) {}

    private static RawHash readHash(XMLStreamReader r, String fileName) throws XMLStreamException {
        String path = null;
        long size = -1;
        Instant modified = null;
        List<RawValue> values = new ArrayList<>();
        while (MhlXml.nextChild(r)) {
            String name = r.getLocalName();
            if ("path".equals(name)) {
                String s = r.getAttributeValue(null, "size");
                String m = r.getAttributeValue(null, "lastmodificationdate");
                try {
                    size = s == null ? -1 : Long.parseLong(s.strip());
                } catch (NumberFormatException e) {
                    throw DamException.invalid(fileName + ": size '" + MhlXml.clip(s) + "' is not a number");
                }
                modified = m == null ? null : MhlXml.date(m, fileName + ": lastmodificationdate");
                path = MhlXml.text(r);
                continue;
            }
            HashFormat format = HashFormat.ofTag(name);
            if (format == null) {
                MhlXml.skip(r); // xxh3, xxh128, previousPath, metadata
                continue;
            }
            String actionTag = r.getAttributeValue(null, "action");
            HashAction action = actionTag == null ? HashAction.ORIGINAL : HashAction.ofTag(actionTag);
            if (action == null) throw DamException.invalid(fileName + ": unknown hash action '" + MhlXml.clip(actionTag) + "'");
            String date = r.getAttributeValue(null, "hashdate");
            Instant hashDate = date == null ? null : MhlXml.date(date, fileName + ": hashdate");
            String value = MhlXml.text(r);
            values.add(new RawValue(format, format == HashFormat.C4 ? value : value.toLowerCase(Locale.ROOT), action, hashDate));
        }
        if (path == null || path.isEmpty()) throw DamException.invalid(fileName + ": a hash entry has no path");
        return new RawHash(path, size, modified, values);
    }

    // ---- writing ----

    private static void writeHashList(MhlXml.Out w, Generation g) throws XMLStreamException {
        String created = MhlXml.date(g.created());
        w.root("hashlist", MhlXml.NS, "version", "2.0");
        w.open("creatorinfo");
        w.leaf("creationdate", created);
        w.leaf("hostname", g.creator().hostname());
        w.leaf("tool", g.creator().tool(), "version", g.creator().version());
        if (g.creator().author().isPresent()) w.leaf("author", g.creator().author().get());
        if (g.creator().comment().isPresent()) w.leaf("comment", g.creator().comment().get());
        w.close();
        w.open("processinfo");
        w.leaf("process", g.process().tag());
        w.open("ignore");
        for (String p : g.ignorePatterns()) w.leaf("pattern", p);
        w.close();
        w.close();
        if (!g.files().isEmpty()) {
            w.open("hashes");
            for (MhlFile f : g.files()) {
                w.open("hash");
                w.leaf("path", f.path(), "size", f.size() < 0 ? null : Long.toString(f.size()),
                        "lastmodificationdate", MhlXml.date(f.lastModified()));
                for (MhlHash h : f.hashes()) {
                    w.leaf(h.format().tag(), h.value(), "action", h.action().tag(), "hashdate", MhlXml.date(h.hashDate()));
                }
                w.close();
            }
            w.close();
        }
        w.close();
    }

    private static void writeChain(MhlXml.Out w, List<Generation> all) throws XMLStreamException {
        w.root("ascmhldirectory", MhlXml.DIRECTORY_NS);
        for (Generation g : all) {
            w.open("hashlist", "sequencenr", Integer.toString(g.sequence()));
            w.leaf("path", g.fileName());
            w.leaf("c4", g.c4());
            w.close();
        }
        w.close();
    }
}
