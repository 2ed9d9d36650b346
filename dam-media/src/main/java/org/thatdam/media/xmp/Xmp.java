package org.thatdam.media.xmp;

import com.adobe.internal.xmp.XMPConst;
import com.adobe.internal.xmp.XMPError;
import com.adobe.internal.xmp.XMPException;
import com.adobe.internal.xmp.XMPMeta;
import com.adobe.internal.xmp.XMPMetaFactory;
import com.adobe.internal.xmp.options.ParseOptions;
import com.adobe.internal.xmp.options.PropertyOptions;
import com.adobe.internal.xmp.options.SerializeOptions;
import com.adobe.internal.xmp.properties.XMPProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes the properties the catalog shares with other tools, through Adobe's XMP
 * Toolkit. Parsing refuses DOCTYPEs (so no entity expansion and no external entities) and packets
 * larger than {@value #MAX_PACKET} bytes. Writing changes only the catalog's properties of an
 * existing packet; every other property stays as it was.
 */
public final class Xmp {

    /** The largest packet or sidecar read or written: real ones are a few KiB, even with a long history. */
    public static final int MAX_PACKET = 4 * 1024 * 1024;
    /** What the packets we write name as the toolkit that wrote them ({@code x:xmptk}). */
    public static final String TOOLKIT = "That DAM Toolbox";
    /** Markers read per packet; more are left out. */
    static final int MAX_MARKERS = 1000;
    static final int MAX_TRACKS = 100;
    static final String NS_LR = "http://ns.adobe.com/lightroom/1.0/";
    public static final Set<String> LABELS = Set.of("red", "yellow", "green", "blue", "purple");

    static {
        try {
            XMPMetaFactory.getSchemaRegistry().registerNamespace(NS_LR, "lr");
        } catch (XMPException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Xmp() {}

    /** Parses a packet or sidecar; {@code what} names it in errors ("clip.xmp"). */
    static XMPMeta parse(byte[] bytes, String what) {
        if (bytes.length > MAX_PACKET) throw XmpException.tooLarge(what, bytes.length);
        // XMP never needs one; the parser refuses it too, this only says so plainly.
        if (contains(bytes, "<!DOCTYPE") || contains(bytes, "<!ENTITY")) {
            throw new XmpException(what + " is not valid XMP (it has a DOCTYPE, which is refused)");
        }
        try {
            return XMPMetaFactory.parseFromBuffer(bytes, new ParseOptions().setDisallowDoctype(true)
                    .setRequireXMPMeta(false).setFixControlChars(true).setAcceptLatin1(true));
        } catch (XMPException e) {
            throw new XmpException(what + " is not valid XMP (" + reason(e) + ")");
        } catch (RuntimeException | StackOverflowError e) {
            // The toolkit's own failures on hostile input (deep nesting, odd RDF) are not ours to show.
            throw new XmpException(what + " is not valid XMP (it cannot be parsed)");
        }
    }

    private static boolean contains(byte[] bytes, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (Character.toUpperCase(bytes[i + j]) != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    private static String reason(XMPException e) {
        return switch (e.getErrorCode()) {
            case XMPError.BADXML -> "malformed XML";
            case XMPError.BADRDF -> "malformed RDF";
            case XMPError.BADXMP -> "malformed XMP";
            case XMPError.BADSTREAM -> "unreadable bytes";
            default -> "it cannot be parsed";
        };
    }

    /** The catalog's view of a packet or sidecar's bytes; {@code what} names it in errors. */
    public static XmpValues read(byte[] bytes, String what) {
        return values(parse(bytes, what));
    }

    /** The catalog's view of a packet. */
    static XmpValues values(XMPMeta meta) {
        return new XmpValues(text(meta, XMPConst.NS_DC, "title"), text(meta, XMPConst.NS_DC, "description"),
                tags(meta), rating(meta), label(meta), simple(meta, XMPConst.NS_DM, "logComment"), markers(meta));
    }

    private static Optional<String> text(XMPMeta meta, String ns, String name) {
        try {
            XMPProperty p = meta.getLocalizedText(ns, name, null, XMPConst.X_DEFAULT);
            if (p == null) { // a simple value where a language alternative belongs (some tools write that)
                return simple(meta, ns, name);
            }
            return nonBlank(p.getValue());
        } catch (XMPException e) {
            return simple(meta, ns, name);
        }
    }

    private static Optional<String> simple(XMPMeta meta, String ns, String name) {
        try {
            XMPProperty p = meta.getProperty(ns, name);
            return p == null || p.getOptions().isCompositeProperty() ? Optional.empty() : nonBlank(p.getValue());
        } catch (XMPException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> nonBlank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /**
     * dc:subject and lr:hierarchicalSubject as tags: {@code Places|Europe|Lisbon} becomes
     * {@code Places/Europe/Lisbon}; a flat keyword that is a level of a hierarchical one, and a
     * hierarchical path that is the start of a longer one, are the same tag said twice and left out.
     */
    static Optional<List<String>> tags(XMPMeta meta) {
        List<String> flat = items(meta, XMPConst.NS_DC, "subject");
        List<String> hier = items(meta, NS_LR, "hierarchicalSubject");
        if (flat == null && hier == null) return Optional.empty();
        LinkedHashSet<String> paths = new LinkedHashSet<>();
        if (hier != null) {
            for (String h : hier) {
                String path = String.join("/", java.util.Arrays.stream(h.split("\\|")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
                if (!path.isEmpty()) paths.add(path);
            }
        }
        Set<String> levels = new java.util.HashSet<>();
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            String lower = p.toLowerCase(Locale.ROOT);
            boolean ancestor = paths.stream().anyMatch(o -> o.length() > p.length()
                    && o.toLowerCase(Locale.ROOT).startsWith(lower + "/"));
            if (!ancestor) out.add(p);
            for (String level : p.split("/")) levels.add(level.toLowerCase(Locale.ROOT));
        }
        if (flat != null) {
            Set<String> seen = new java.util.HashSet<>();
            for (String f : flat) {
                String v = f.strip();
                if (v.isEmpty() || levels.contains(v.toLowerCase(Locale.ROOT)) || !seen.add(v.toLowerCase(Locale.ROOT))) continue;
                out.add(v);
            }
        }
        return Optional.of(List.copyOf(out));
    }

    /** The items of an array property, or null when it is absent. */
    private static List<String> items(XMPMeta meta, String ns, String name) {
        try {
            if (!meta.doesPropertyExist(ns, name)) return null;
            XMPProperty p = meta.getProperty(ns, name);
            if (!p.getOptions().isArray()) return nonBlank(p.getValue()).map(List::of).orElse(List.of());
            int n = meta.countArrayItems(ns, name);
            List<String> out = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                XMPProperty item = meta.getArrayItem(ns, name, i);
                if (item != null && item.getValue() != null && !item.getOptions().isCompositeProperty()) out.add(item.getValue());
            }
            return out;
        } catch (XMPException e) {
            return null;
        }
    }

    /**
     * xmp:Rating as 0–5 stars: fractions round, values above 5 count as 5; -1 ("rejected" in
     * Lightroom and Bridge) and anything else out of range or not a number is ignored, since the
     * catalog has no rejected state.
     */
    static Optional<Integer> rating(XMPMeta meta) {
        return simple(meta, XMPConst.NS_XMP, "Rating").flatMap(v -> {
            try {
                double d = Double.parseDouble(v);
                if (Double.isNaN(d) || d < 0) return Optional.empty();
                return Optional.of((int) Math.min(5, Math.round(d)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** xmp:Label as a colour label id; labels outside the five colours (Bridge's "Approved" …) are ignored. */
    static Optional<String> label(XMPMeta meta) {
        return simple(meta, XMPConst.NS_XMP, "Label").map(v -> v.toLowerCase(Locale.ROOT)).filter(LABELS::contains);
    }

    /** xmpDM:markers of the file and of each of its xmpDM:Tracks. */
    static List<XmpMarker> markers(XMPMeta meta) {
        List<XmpMarker> out = new ArrayList<>();
        markersAt(meta, "markers", null, out);
        int tracks = count(meta, "Tracks");
        for (int t = 1; t <= Math.min(tracks, MAX_TRACKS); t++) {
            String track = "Tracks[" + t + "]";
            String rate = simple(meta, XMPConst.NS_DM, track + "/xmpDM:frameRate").orElse(null);
            markersAt(meta, track + "/xmpDM:markers", rate, out);
        }
        return out;
    }

    private static void markersAt(XMPMeta meta, String path, String frameRate, List<XmpMarker> out) {
        int n = count(meta, path);
        for (int i = 1; i <= n && out.size() < MAX_MARKERS; i++) {
            String m = path + "[" + i + "]/xmpDM:";
            String start = simple(meta, XMPConst.NS_DM, m + "startTime").orElse(null);
            String name = simple(meta, XMPConst.NS_DM, m + "name").orElse(null);
            String comment = simple(meta, XMPConst.NS_DM, m + "comment").orElse(null);
            if (start == null && name == null && comment == null) continue;
            out.add(new XmpMarker(name, start, seconds(start, frameRate), comment));
        }
    }

    private static int count(XMPMeta meta, String path) {
        try {
            return meta.doesPropertyExist(XMPConst.NS_DM, path) ? meta.countArrayItems(XMPConst.NS_DM, path) : 0;
        } catch (XMPException e) {
            return 0;
        }
    }

    /** A frame count in a frame rate written "f25" or "f30000s1001", as seconds; null when either is not that. */
    static Double seconds(String start, String frameRate) {
        if (start == null || frameRate == null || !frameRate.startsWith("f")) return null;
        try {
            String[] r = frameRate.substring(1).split("s");
            double fps = Double.parseDouble(r[0]) / (r.length > 1 ? Double.parseDouble(r[1]) : 1);
            double frames = Double.parseDouble(start);
            return fps > 0 && frames >= 0 ? frames / fps : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The catalog's five properties written into {@code existing} (a sidecar's bytes, or null
     * for a new one), serialised as a sidecar: every value given is set, an empty one removes the
     * property (no title, no tags, rating 0, no label). Tags go to lr:hierarchicalSubject with
     * {@code |} between levels (when hierarchical) and, flat, to dc:subject (each tag's last
     * level), the way Lightroom writes them; darktable, Bridge and Resolve read dc:subject.
     */
    public static byte[] write(byte[] existing, String what, String title, String description, List<String> tags,
                               int rating, String label) {
        return write(existing == null ? null : parse(existing, what), title, description, tags, rating, label);
    }

    static byte[] write(XMPMeta existing, String title, String description, List<String> tags,
                        int rating, String label) {
        XMPMeta meta = existing == null ? XMPMetaFactory.create() : existing;
        try {
            setText(meta, "title", title);
            setText(meta, "description", description);
            meta.deleteProperty(XMPConst.NS_DC, "subject");
            meta.deleteProperty(NS_LR, "hierarchicalSubject");
            LinkedHashSet<String> flat = new LinkedHashSet<>();
            List<String> hier = new ArrayList<>();
            for (String tag : tags) {
                String[] levels = tag.split("/");
                flat.add(levels[levels.length - 1]);
                if (levels.length > 1) hier.add(String.join("|", levels));
            }
            PropertyOptions bag = new PropertyOptions().setArray(true);
            for (String f : flat) meta.appendArrayItem(XMPConst.NS_DC, "subject", bag, f, null);
            for (String h : hier) meta.appendArrayItem(NS_LR, "hierarchicalSubject", bag, h, null);
            if (rating > 0) meta.setProperty(XMPConst.NS_XMP, "Rating", Integer.toString(rating));
            else meta.deleteProperty(XMPConst.NS_XMP, "Rating");
            if (label != null && !label.isEmpty()) {
                meta.setProperty(XMPConst.NS_XMP, "Label", label.substring(0, 1).toUpperCase(Locale.ROOT) + label.substring(1));
            } else {
                meta.deleteProperty(XMPConst.NS_XMP, "Label");
            }
            String packet = XMPMetaFactory.serializeToString(meta, new SerializeOptions().setPadding(0).setUseCompactFormat(true));
            // The toolkit names its own build ("Adobe XMP Core Test.SNAPSHOT"), and has no option to set it: ours instead.
            String toolkit = "x:xmptk=\"" + XMPMetaFactory.getVersionInfo().getMessage() + "\"";
            int at = packet.indexOf(toolkit);
            if (at >= 0) packet = packet.substring(0, at) + "x:xmptk=\"" + TOOLKIT + "\"" + packet.substring(at + toolkit.length());
            byte[] out = packet.getBytes(StandardCharsets.UTF_8);
            if (out.length > MAX_PACKET) throw XmpException.tooLarge("the sidecar to write", out.length);
            return out;
        } catch (XMPException e) {
            throw new XmpException("cannot write the XMP: " + e.getMessage());
        }
    }

    private static void setText(XMPMeta meta, String name, String value) throws XMPException {
        meta.deleteProperty(XMPConst.NS_DC, name);
        if (value != null && !value.isBlank()) meta.setLocalizedText(XMPConst.NS_DC, name, null, XMPConst.X_DEFAULT, value);
    }

    /** A packet as text, for tests and for showing. */
    public static String text(byte[] packet) {
        return new String(packet, StandardCharsets.UTF_8);
    }
}
