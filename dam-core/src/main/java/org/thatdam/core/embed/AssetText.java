package org.thatdam.core.embed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.thatdam.model.FieldType;
import org.thatdam.model.Searchable;

/**
 * What an asset's text embedding is computed from: what people wrote about it (title, description, tags, custom
 * field values), the title and comment embedded in the file, the camera, and the words of its file name. One
 * line each, most telling first, since long text is cut at the end.
 */
public final class AssetText {

    /** Separators and camel-case boundaries in file names: "roadmap_Q3-final" → "roadmap Q3 final". */
    private static final Pattern NAME_BREAKS = Pattern.compile("[_\\-.+\\[\\]()]+|(?<=\\p{Ll})(?=\\p{Lu})");
    /** Camera file-name prefixes (VID_20240131_142501.mp4): not words of the content. */
    private static final Set<String> CAMERA_PREFIXES = Set.of("VID", "IMG", "DSC", "DSCF", "MVI", "PXL", "GX", "GH",
            "GOPR", "GP", "MAH", "MOV", "CLIP", "C");
    /** Field types whose values are words (numbers, dates and yes/no mean nothing as text). */
    private static final Set<FieldType> WORDY = Set.of(FieldType.TEXT, FieldType.LONG_TEXT, FieldType.CHOICE,
            FieldType.MULTI_CHOICE, FieldType.PERSON);

    private AssetText() {}

    /** The text for {@code s}; empty when there is nothing to say. */
    public static String of(Searchable s) {
        List<String> lines = new ArrayList<>();
        add(lines, s.asset().title());
        add(lines, s.description());
        if (!s.tags().isEmpty()) {
            // hierarchical tags read as words: "Places/Paris" → "Places Paris"
            add(lines, String.join(", ", s.tags().stream().map(t -> t.replace('/', ' ')).toList()));
        }
        Set<String> fieldLines = new LinkedHashSet<>();
        for (Searchable.Field f : s.fields()) {
            if (WORDY.contains(f.type()) && f.text() != null && !f.text().isBlank()) {
                fieldLines.add(f.name().replace('-', ' ').replace('_', ' ') + ": " + f.text().strip());
            }
        }
        lines.addAll(fieldLines);
        add(lines, s.titleTag());
        add(lines, s.commentTag());
        add(lines, camera(s.cameraMake(), s.cameraModel()));
        add(lines, nameWords(s.asset().path()));
        return String.join("\n", lines);
    }

    /** The words of a file's name without its extension, numbers and camera counters left out. */
    static String nameWords(String path) {
        if (path == null) return "";
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        if (dot > 0) name = name.substring(0, dot);
        List<String> words = new ArrayList<>();
        for (String part : NAME_BREAKS.split(name)) {
            for (String w : part.strip().split("\\s+")) {
                if (!w.isEmpty() && !CAMERA_PREFIXES.contains(w) && !counter(w)) words.add(w);
            }
        }
        return String.join(" ", words);
    }

    /** Numbers, counters and dates (01234, DSC01234's digits, 20240131) say nothing a model can use; "Q3", "4K" do. */
    private static boolean counter(String w) {
        long digits = w.chars().filter(Character::isDigit).count();
        return digits == w.length() || digits >= 4;
    }

    /** "Canon" + "Canon EOS R5" reads "Canon EOS R5", not "Canon Canon EOS R5". */
    private static String camera(String make, String model) {
        boolean noMake = make == null || make.isBlank();
        boolean noModel = model == null || model.isBlank();
        if (noMake || noModel) return noMake ? model : make;
        return model.toLowerCase(Locale.ROOT).startsWith(make.strip().toLowerCase(Locale.ROOT)) ? model : make.strip() + " " + model.strip();
    }

    private static void add(List<String> lines, String text) {
        if (text == null) return;
        String t = text.strip();
        if (!t.isEmpty() && !lines.contains(t)) lines.add(t);
    }
}
