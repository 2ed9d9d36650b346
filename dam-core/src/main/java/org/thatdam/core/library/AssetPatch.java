package org.thatdam.core.library;

import org.thatdam.core.text.TextRules;
import org.thatdam.model.ColourLabel;
import org.thatdam.model.DamException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A change to an asset's descriptive fields. Empty optionals leave a field alone; an empty batch,
 * description or label (or label "none") clears it; tags replace the whole set. Build one with
 * {@link #none()} and the {@code with…} methods.
 */
public record AssetPatch(Optional<String> title, Optional<String> batch, Optional<List<String>> tags,
                         Optional<String> description, Optional<Integer> rating, Optional<Boolean> favourite,
                         Optional<String> label, Optional<Map<String, Object>> fieldValues) {

    private static final AssetPatch NONE = new AssetPatch(null, null, null, null, null, null, null, null);

    static final int MAX_TITLE = 500;
    static final int MAX_TAG = 100;
    static final int MAX_TAGS = 200;
    static final int MAX_DESCRIPTION = 20_000;

    public AssetPatch {
        title = title == null ? Optional.empty() : title;
        batch = batch == null ? Optional.empty() : batch;
        tags = tags == null ? Optional.empty() : tags;
        description = description == null ? Optional.empty() : description;
        rating = rating == null ? Optional.empty() : rating;
        favourite = favourite == null ? Optional.empty() : favourite;
        label = label == null ? Optional.empty() : label;
        // a copy that keeps nulls: a null value clears its field
        fieldValues = fieldValues == null ? Optional.empty() : fieldValues.map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m)));
    }

    /** A patch that changes nothing. */
    public static AssetPatch none() {
        return NONE;
    }

    public AssetPatch withTitle(String v) {
        return new AssetPatch(Optional.ofNullable(v), batch, tags, description, rating, favourite, label, fieldValues);
    }

    public AssetPatch withBatch(String v) {
        return new AssetPatch(title, Optional.ofNullable(v), tags, description, rating, favourite, label, fieldValues);
    }

    public AssetPatch withTags(List<String> v) {
        return new AssetPatch(title, batch, Optional.ofNullable(v), description, rating, favourite, label, fieldValues);
    }

    public AssetPatch withDescription(String v) {
        return new AssetPatch(title, batch, tags, Optional.ofNullable(v), rating, favourite, label, fieldValues);
    }

    public AssetPatch withRating(Integer v) {
        return new AssetPatch(title, batch, tags, description, Optional.ofNullable(v), favourite, label, fieldValues);
    }

    public AssetPatch withFavourite(Boolean v) {
        return new AssetPatch(title, batch, tags, description, rating, Optional.ofNullable(v), label, fieldValues);
    }

    /** A colour label id ("red"), or "" / "none" to remove the label. */
    public AssetPatch withLabel(String v) {
        return new AssetPatch(title, batch, tags, description, rating, favourite, Optional.ofNullable(v), fieldValues);
    }

    /**
     * Custom field values by field name (String, Number, Boolean, a list of strings for a multiple
     * choice; null, "" or an empty list clears one); fields not named stay as they are. They are
     * checked against their definitions by the field service when the patch is applied.
     */
    public AssetPatch withFields(Map<String, Object> v) {
        return new AssetPatch(title, batch, tags, description, rating, favourite, label, Optional.ofNullable(v));
    }

    /** The validated label: empty = leave alone, an empty inner optional = remove the label. */
    public Optional<Optional<ColourLabel>> colourLabel() {
        return label.map(l -> l.isEmpty() ? Optional.empty() : Optional.of(ColourLabel.parse(l)));
    }

    /** Trimmed and checked; throws a DamException naming the field. */
    public AssetPatch validated() {
        Optional<String> t = title.map(String::strip);
        t.ifPresent(v -> {
            if (v.isEmpty()) throw DamException.invalid("title must not be empty");
            if (v.length() > MAX_TITLE) throw DamException.invalid("title is longer than " + MAX_TITLE + " characters");
            TextRules.check("title", v, false);
        });
        Optional<String> b = batch.map(String::strip).map(v -> v.isEmpty() ? v : BatchService.validBatchName(v));
        Optional<List<String>> tg = tags.map(list -> {
            if (list.size() > MAX_TAGS) throw DamException.invalid("more than " + MAX_TAGS + " tags");
            LinkedHashSet<String> out = new LinkedHashSet<>();
            for (String tag : list) {
                int n = out.size() + 1;
                if (tag == null) throw DamException.invalid("a tag is null");
                String v = tag.strip();
                if (v.isEmpty()) throw DamException.invalid("a tag is empty");
                if (v.length() > MAX_TAG) throw DamException.invalid("tag '" + v.substring(0, 20) + "…' is longer than " + MAX_TAG + " characters");
                TextRules.check("tag " + n, v, false);
                out.add(v);
            }
            return List.copyOf(new ArrayList<>(out));
        });
        Optional<String> d = description.map(String::strip);
        d.ifPresent(v -> {
            if (v.length() > MAX_DESCRIPTION) throw DamException.invalid("description is longer than " + MAX_DESCRIPTION + " characters");
            TextRules.check("description", v, true);
        });
        rating.ifPresent(r -> {
            if (r < 0 || r > 5) throw DamException.invalid("rating must be 0–5 stars (0 = unrated), not " + r);
        });
        Optional<String> l = label.map(String::strip)
                .map(v -> v.isEmpty() || v.equalsIgnoreCase("none") ? "" : ColourLabel.parse(v).id());
        return new AssetPatch(t, b, tg, d, rating, favourite, l, fieldValues);
    }

    /** The fields it sets, for the edit's audit entry: "title, tags" ("nothing" when none). */
    public String fields() {
        List<String> f = new ArrayList<>();
        if (title.isPresent()) f.add("title");
        if (batch.isPresent()) f.add("batch");
        if (tags.isPresent()) f.add("tags");
        if (description.isPresent()) f.add("description");
        if (rating.isPresent()) f.add("rating");
        if (favourite.isPresent()) f.add("favourite");
        if (label.isPresent()) f.add("label");
        fieldValues.ifPresent(m -> m.keySet().forEach(k -> f.add("field " + k)));
        return f.isEmpty() ? "nothing" : String.join(", ", f);
    }
}
