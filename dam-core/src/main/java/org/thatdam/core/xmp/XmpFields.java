package org.thatdam.core.xmp;

import java.util.List;
import java.util.Objects;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.media.xmp.XmpValues;

/**
 * The five things the catalog and XMP share, in one comparable form: no description is "", no
 * label is "", no rating is 0, no tags is an empty list; title is null when XMP has none (the
 * catalog's title is never empty, so a sidecar without one changes nothing).
 */
public record XmpFields(String title, String description, List<String> tags, int rating, String label) {

    /** The field names, in the order merges report them. */
    public static final List<String> NAMES = List.of("title", "description", "tags", "rating", "label");

    public XmpFields {
        description = description == null ? "" : description;
        tags = tags == null ? List.of() : List.copyOf(tags);
        label = label == null ? "" : label;
    }

    /** What a packet says; xmpDM:logComment stands in for a missing dc:description. */
    public static XmpFields of(XmpValues v) {
        return new XmpFields(v.title().orElse(null), v.description().or(v::logComment).orElse(""),
                v.tags().orElse(List.of()), v.rating().orElse(0), v.label().orElse(""));
    }

    public static XmpFields of(AssetDetails d) {
        return new XmpFields(d.asset().title(), d.description(), d.tags(), d.asset().rating(),
                d.asset().label() == null ? "" : d.asset().label().id());
    }

    /** A field's value, for comparing and reporting. */
    public Object get(String field) {
        return switch (field) {
            case "title" -> title;
            case "description" -> description;
            case "tags" -> tags;
            case "rating" -> rating;
            case "label" -> label;
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** Whether the field holds something (a title, a description, tags, stars, a label). */
    public boolean says(String field) {
        Object v = get(field);
        return v != null && !"".equals(v) && !Integer.valueOf(0).equals(v) && !(v instanceof List<?> l && l.isEmpty());
    }

    /** Whether {@code field} is the same in both (tags ignoring order and case). */
    public boolean same(String field, XmpFields other) {
        if (other == null) return false;
        if (field.equals("tags")) {
            return lower(tags).equals(lower(other.tags));
        }
        return Objects.equals(get(field), other.get(field));
    }

    private static java.util.Set<String> lower(List<String> tags) {
        java.util.Set<String> s = new java.util.TreeSet<>();
        for (String t : tags) s.add(t.toLowerCase(java.util.Locale.ROOT));
        return s;
    }
}
