package org.thatdam.media.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files that pretend to be media and point at other files: manifests, playlists and lists in
 * media extensions (with leading comments, byte-order marks, XML prologs, blank lines), numbered
 * image-sequence names, and a QuickTime movie whose track data lives in another file. Each is a
 * few hundred bytes and names a "secret" clip the test made, which must never show through.
 */
public final class HostileMedia {

    private HostileMedia() {}

    /** A 3 s solid red 64x48 clip: anything red made from a hostile file came from here. */
    public static Path secretClip(Path dir, String name) {
        return TestMedia.copy(TestMedia.make("secret-red.mp4", List.of("-f", "lavfi", "-i",
                        "color=c=red:s=64x48:r=10:d=3"), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt",
                "yuv420p"), dir, name);
    }

    /**
     * Text files in media extensions that ffmpeg (or a lenient reader) would follow to {@code secret}:
     * file name to content. The first is the reported one: an XML comment, then a DASH manifest
     * whose BaseURL is {@code file:} the secret.
     */
    public static Map<String, byte[]> referenceLists(Path secret) {
        String url = "file:" + secret.toAbsolutePath();
        String name = secret.getFileName().toString();
        String mpd = "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" mediaPresentationDuration=\"PT3S\""
                + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\"><Period><AdaptationSet mimeType=\"video/mp4\">"
                + "<Representation id=\"1\" bandwidth=\"1000\" codecs=\"avc1.64000d\" width=\"64\" height=\"48\">"
                + "<BaseURL>" + url + "</BaseURL></Representation></AdaptationSet></Period></MPD>\n";
        String hls = "#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXTINF:3,\n" + url + "\n#EXT-X-ENDLIST\n";
        String smil = "<smil><body><video src=\"" + url + "\"/></body></smil>\n";
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("dash-comment.mp4", utf8("<!-- holiday -->\n" + mpd));
        m.put("dash-bom-prolog.mov", bom("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + mpd));
        m.put("dash-blank.mkv", utf8("\n\n   \n" + mpd));
        m.put("hls-blank.mkv", utf8("\n\n" + hls));
        m.put("hls-bom.m4v", bom(hls));
        m.put("hls-comment.mp4", utf8("# exported\n" + hls));
        m.put("ffconcat-bom.mp4", bom("ffconcat version 1.0\nfile '" + name + "'\n"));
        m.put("ffconcat-comment.mov", utf8("# joined\nffconcat version 1.0\nfile '" + name + "'\n"));
        m.put("concat.m4v", utf8("file '" + name + "'\n"));
        m.put("smil-prolog.m4v", utf8("<?xml version=\"1.0\"?>\n<!-- slides -->\n" + smil));
        m.put("smil-bom.mkv", bom("\n" + smil));
        return m;
    }

    /** Writes {@link #referenceLists} into {@code dir} and returns the paths. */
    public static List<Path> writeReferenceLists(Path dir, Path secret) {
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (var e : referenceLists(secret).entrySet()) {
                out.add(Files.write(dir.resolve(e.getKey()), e.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * A 16x16 blue PNG named {@code shot%d.png} next to a 32x32 red {@code shot1.png} (image2 would
     * read the former as the sequence starting with the latter), and a lone 24x24 green
     * {@code lonely%02d.png}.
     * Returns the three paths in that order.
     */
    public static List<Path> patternNamedPictures(Path dir) {
        Path blue = TestMedia.make("blue16.png", List.of("-f", "lavfi", "-i", "color=c=blue:s=16x16:d=1"),
                "-frames:v", "1", "-update", "1");
        Path red = TestMedia.make("red32.png", List.of("-f", "lavfi", "-i", "color=c=red:s=32x32:d=1"),
                "-frames:v", "1", "-update", "1");
        Path green = TestMedia.make("green24.png", List.of("-f", "lavfi", "-i", "color=c=green:s=24x24:d=1"),
                "-frames:v", "1", "-update", "1");
        return List.of(TestMedia.copy(blue, dir, "shot%d.png"), TestMedia.copy(red, dir, "shot1.png"),
                TestMedia.copy(green, dir, "lonely%02d.png"));
    }

    /** A solid red QuickTime movie, MJPEG (every frame stands alone), its movie atom after the data. */
    public static Path secretMov(Path dir, String name) {
        return TestMedia.copy(TestMedia.make("secret-red.mov", List.of("-f", "lavfi", "-i",
                "color=c=red:s=64x48:r=10:d=1"), "-c:v", "mjpeg", "-q:v", "3", "-an"), dir, name);
    }

    /**
     * A copy of the movie {@code secret} (in the same folder) whose track data is said to be in
     * {@code secret} itself, through an alias data reference ("dref"/"alis", the way QuickTime
     * reference movies point at other files), and whose own media data is zeroed: whatever picture
     * comes out of it was read from the secret.
     */
    public static Path referenceMovie(Path secret, String name) {
        try {
            byte[] src = Files.readAllBytes(secret);
            ByteBuffer b = ByteBuffer.wrap(src);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int pos = 0;
            boolean sawMoov = false;
            while (pos + 8 <= src.length) {
                int size = b.getInt(pos);
                String type = new String(src, pos + 4, 4, StandardCharsets.ISO_8859_1);
                if (size < 8 || pos + size > src.length) {
                    throw new IllegalStateException("unexpected atom " + type + " at " + pos);
                }
                byte[] atom = Arrays.copyOfRange(src, pos, pos + size);
                if (type.equals("mdat")) {
                    Arrays.fill(atom, 8, atom.length, (byte) 0);
                    if (sawMoov) throw new IllegalStateException("the movie atom must come after the data");
                } else if (type.equals("moov")) {
                    atom = rewrite(atom, secret.getFileName().toString());
                    sawMoov = true;
                }
                out.write(atom);
                pos += size;
            }
            return Files.write(secret.resolveSibling(name), out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Set<String> CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "dinf");

    /** The atom with its children rewritten, dref entries replaced by an alias to {@code target}. */
    private static byte[] rewrite(byte[] atom, String target) {
        String type = new String(atom, 4, 4, StandardCharsets.ISO_8859_1);
        if (type.equals("dref")) {
            byte[] entry = alias(target);
            ByteBuffer d = ByteBuffer.allocate(16 + entry.length);
            d.putInt(16 + entry.length).put("dref".getBytes(StandardCharsets.ISO_8859_1)).putInt(0).putInt(1).put(entry);
            return d.array();
        }
        if (!CONTAINERS.contains(type)) {
            return atom;
        }
        ByteArrayOutputStream kids = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.wrap(atom);
        for (int p = 8; p + 8 <= atom.length; ) {
            int size = b.getInt(p);
            kids.writeBytes(rewrite(Arrays.copyOfRange(atom, p, p + size), target));
            p += size;
        }
        ByteBuffer out = ByteBuffer.allocate(8 + kids.size());
        out.putInt(8 + kids.size()).put(atom, 4, 4).put(kids.toByteArray());
        return out.array();
    }

    /**
     * A Macintosh alias record as QuickTime writes into a data reference: not self-contained
     * (flags 0), one level up from the movie and one down to the target, so a reader that follows
     * it opens {@code target} next to the movie.
     */
    private static byte[] alias(String target) {
        byte[] path = ("/" + target).getBytes(StandardCharsets.ISO_8859_1);
        int padded = path.length + (path.length & 1);
        ByteBuffer e = ByteBuffer.allocate(162 + 4 + padded + 4);
        e.putInt(e.capacity()).put("alis".getBytes(StandardCharsets.ISO_8859_1)).putInt(0); // version, flags: external
        e.position(e.position() + 10);
        e.put((byte) 0).position(e.position() + 27); // volume name: none
        e.position(e.position() + 12);
        byte[] file = target.getBytes(StandardCharsets.ISO_8859_1);
        e.put((byte) file.length).put(file).position(e.position() + 63 - file.length);
        e.position(e.position() + 16);
        e.putShort((short) 1).putShort((short) 1); // levels up from the movie, down to the target
        e.position(e.position() + 16);
        e.putShort((short) 2).putShort((short) path.length).put(path).position(e.position() + padded - path.length);
        e.putShort((short) -1).putShort((short) 0);
        return e.array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bom(String s) {
        byte[] t = utf8(s);
        byte[] out = new byte[t.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(t, 0, out, 3, t.length);
        return out;
    }
}
