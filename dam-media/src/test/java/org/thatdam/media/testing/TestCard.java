package org.thatdam.media.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated camera card for offload tests: a DCIM tree and a PRIVATE tree with {@link #FILES}
 * files — a few real short clips, small binaries, and two large sparse files (they take no disk on
 * the card; each ends in distinct bytes so their contents differ) — plus OS clutter that an import
 * must skip (.DS_Store, AppleDouble files, Thumbs.db, a Spotlight folder).
 */
public final class TestCard {

    public static final int FILES = 50;

    /** The card's root, its files by path relative to the root ('/'-separated), and the clutter. */
    public record Card(Path root, List<String> files, List<String> clutter, List<String> clips, List<String> large) {}

    private TestCard() {}

    /** A card under {@code root} whose two large files have {@code largeBytes} each. */
    public static Card create(Path root, long largeBytes) {
        try {
            List<String> files = new ArrayList<>();
            List<String> clips = List.of("DCIM/100CANON/MVI_0001.MP4", "DCIM/100CANON/MVI_0002.MKV", "DCIM/101CANON/MVI_0101.MP4");
            copy(TestMedia.h264Mp4(), root.resolve(clips.get(0)));
            copy(TestMedia.mkv(), root.resolve(clips.get(1)));
            copy(TestMedia.shortClip(), root.resolve(clips.get(2)));
            files.addAll(clips);
            List<String> large = List.of("PRIVATE/M4ROOT/CLIP/C0001.MXF", "PRIVATE/M4ROOT/CLIP/C0002.MXF");
            for (int i = 0; i < large.size(); i++) {
                Path p = root.resolve(large.get(i));
                Files.createDirectories(p.getParent());
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                    f.setLength(largeBytes);
                    f.seek(largeBytes - 16);
                    f.write("%-16s".formatted("distinct tail " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
            }
            files.addAll(large);
            Random random = new Random(42);
            int n = 0;
            while (files.size() < FILES) {
                String rel = switch (n % 3) {
                    case 0 -> "DCIM/100CANON/IMG_%04d.CR2".formatted(n);
                    case 1 -> "DCIM/101CANON/IMG_%04d.JPG".formatted(n);
                    default -> "PRIVATE/M4ROOT/THMBNL/C%04dT01.XML".formatted(n);
                };
                byte[] b = new byte[1024 + random.nextInt(48 * 1024)];
                random.nextBytes(b);
                write(root.resolve(rel), b);
                files.add(rel);
                n++;
            }
            List<String> clutter = List.of(".DS_Store", "DCIM/.DS_Store", "DCIM/100CANON/._MVI_0001.MP4", "Thumbs.db",
                    ".Spotlight-V100/Store-V2/index", ".Trashes/501/old.MP4");
            for (String c : clutter) write(root.resolve(c), ("clutter " + c).getBytes());
            return new Card(root, List.copyOf(files), clutter, clips, large);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static void write(Path p, byte[] b) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }
}
