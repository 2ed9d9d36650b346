package org.thatdam.core.library;

import org.thatdam.model.DamException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A change to an asset's descriptive fields. Empty optionals leave a field alone; an empty batch
 * or description clears it; tags replace the whole set.
 */
public record AssetPatch(Optional<String> title, Optional<String> batch, Optional<List<String>> tags,
                         Optional<String> description) {

    static final int MAX_TITLE = 500;
    static final int MAX_TAG = 100;
    static final int MAX_TAGS = 200;
    static final int MAX_DESCRIPTION = 20_000;

    public AssetPatch {
        title = title == null ? Optional.empty() : title;
        batch = batch == null ? Optional.empty() : batch;
        tags = tags == null ? Optional.empty() : tags;
        description = description == null ? Optional.empty() : description;
    }

    /** Trimmed and checked; throws IllegalArgumentException naming the field. */
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
        return new AssetPatch(t, b, tg, d);
    }

    /** The fields it sets, for the edit's audit entry: "title, tags" ("nothing" when none). */
    public String fields() {
        List<String> f = new ArrayList<>();
        if (title.isPresent()) f.add("title");
        if (batch.isPresent()) f.add("batch");
        if (tags.isPresent()) f.add("tags");
        if (description.isPresent()) f.add("description");
        return f.isEmpty() ? "nothing" : String.join(", ", f);
    }
}
