package org.thatdam.core.bulk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.media.console.Presets;
import org.thatdam.model.ColourLabel;
import org.thatdam.model.DamException;
import org.thatdam.search.FacetFilters;

/**
 * One bulk action on a selection of assets: given as asset ids, or as a search query (with facet
 * selections in {@code filter}, as the search takes them) that is resolved when the job starts.
 * The action's arguments: {@code tags} for add-tags and remove-tags, {@code rating} (0–5) for
 * rating, {@code favourite} (true or false) for favourite, {@code label} (a colour, or "" / "none"
 * to remove it) for label, {@code fields} (custom field name → value, null clears; checked per asset
 * as an edit checks them) for set-fields, {@code collection} (its id) for add-to-collection, {@code kinds} (poster, sprite, proxy, and the
 * analyses scenes, embed, fingerprint) for regenerate, {@code preset} and
 * its {@code params} for preset; forget takes none.
 */
public record BulkRequest(List<Long> ids, String query, String filter, BulkAction action,
                          List<String> tags, Integer rating, Boolean favourite, String label, Long collection,
                          Map<String, Object> fields, List<String> kinds, String preset, Map<String, String> params) {

    /** A request of {@code action} on {@code ids} with no arguments yet: add them with the with… methods. */
    public static BulkRequest of(List<Long> ids, BulkAction action) {
        return new BulkRequest(ids, null, null, action, null, null, null, null, null, null, null, null, null);
    }

    /** A request of {@code action} on what {@code query} (and facet selections {@code filter}) match when the job starts. */
    public static BulkRequest ofQuery(String query, String filter, BulkAction action) {
        return new BulkRequest(null, query, filter, action, null, null, null, null, null, null, null, null, null);
    }

    public BulkRequest withTags(List<String> v) {
        return new BulkRequest(ids, query, filter, action, v, rating, favourite, label, collection, fields, kinds, preset, params);
    }

    public BulkRequest withRating(Integer v) {
        return new BulkRequest(ids, query, filter, action, tags, v, favourite, label, collection, fields, kinds, preset, params);
    }

    public BulkRequest withFavourite(Boolean v) {
        return new BulkRequest(ids, query, filter, action, tags, rating, v, label, collection, fields, kinds, preset, params);
    }

    public BulkRequest withLabel(String v) {
        return new BulkRequest(ids, query, filter, action, tags, rating, favourite, v, collection, fields, kinds, preset, params);
    }

    public BulkRequest withCollection(Long v) {
        return new BulkRequest(ids, query, filter, action, tags, rating, favourite, label, v, fields, kinds, preset, params);
    }

    public BulkRequest withFields(Map<String, Object> v) {
        return new BulkRequest(ids, query, filter, action, tags, rating, favourite, label, collection, v, kinds, preset, params);
    }

    public BulkRequest withKinds(List<String> v) {
        return new BulkRequest(ids, query, filter, action, tags, rating, favourite, label, collection, fields, v, preset, params);
    }

    public BulkRequest withPreset(String name, Map<String, String> v) {
        return new BulkRequest(ids, query, filter, action, tags, rating, favourite, label, collection, fields, kinds, name, v);
    }

    /** The most assets one call may act on. */
    public static final int MAX_ASSETS = 100_000;

    /** Checked and normalised (ids without repeats, tags trimmed); throws an {@code invalid} DamException saying what is wrong. */
    public BulkRequest validated() {
        if ((ids == null) == (query == null)) {
            throw DamException.invalid("give the assets either as ids or as a query, not " + (ids == null ? "neither" : "both"));
        }
        List<Long> distinct = null;
        if (ids != null) {
            if (ids.isEmpty()) throw DamException.invalid("ids is empty: select at least one asset");
            if (ids.size() > MAX_ASSETS) throw DamException.invalid(ids.size() + " ids; at most " + MAX_ASSETS + " at once");
            for (Long id : ids) {
                if (id == null || id < 1) throw DamException.invalid("ids holds " + id + ", not an asset id");
            }
            distinct = List.copyOf(new LinkedHashSet<>(ids));
            if (filter != null && !filter.isBlank()) throw DamException.invalid("filter goes only with a query");
        } else {
            // a blank query would match every asset: acting on the whole library must be asked for explicitly
            if (query.isBlank()) throw DamException.invalid("give a query; `*` selects every asset");
            FacetFilters.parse(filter);
        }
        if (action == null) throw DamException.invalid("action is required");
        allowOnly(tags != null, "tags", BulkAction.ADD_TAGS, BulkAction.REMOVE_TAGS);
        allowOnly(rating != null, "rating", BulkAction.RATING);
        allowOnly(favourite != null, "favourite", BulkAction.FAVOURITE);
        allowOnly(label != null, "label", BulkAction.LABEL);
        allowOnly(collection != null, "collection", BulkAction.ADD_TO_COLLECTION);
        allowOnly(fields != null, "fields", BulkAction.SET_FIELDS);
        allowOnly(kinds != null, "kinds", BulkAction.REGENERATE);
        allowOnly(preset != null || params != null, "preset", BulkAction.PRESET);
        List<String> t = tags;
        List<String> k = kinds;
        String l = label;
        switch (action) {
            case ADD_TAGS, REMOVE_TAGS -> {
                if (tags == null || tags.isEmpty()) throw DamException.invalid(action.id() + " needs tags");
                t = validTags(tags);
            }
            case RATING -> {
                if (rating == null) throw DamException.invalid("rating needs rating (0–5 stars, 0 = unrated)");
                change().validated();
            }
            case FAVOURITE -> {
                if (favourite == null) throw DamException.invalid("favourite needs favourite (true or false)");
            }
            case LABEL -> {
                if (label == null) throw DamException.invalid("label needs label (" + ColourLabel.allowed() + ", or none)");
                l = change().validated().label().orElseThrow();
            }
            case SET_FIELDS -> {
                if (fields == null || fields.isEmpty()) throw DamException.invalid("set-fields needs fields (name: value)");
            }
            case ADD_TO_COLLECTION -> {
                if (collection == null) throw DamException.invalid("add-to-collection needs collection (its id or path)");
            }
            case REGENERATE -> {
                if (kinds == null || kinds.isEmpty()) throw DamException.invalid("regenerate needs kinds (" + REGENERABLE + ")");
                k = List.copyOf(new LinkedHashSet<>(kinds.stream().map(BulkRequest::derivative).map(JobKind::id).toList()));
            }
            case PRESET -> {
                if (preset == null || preset.isBlank()) throw DamException.invalid("preset needs the preset's name");
                Presets.expand(preset.strip(), params, Presets.needsDuration(preset.strip()) ? 1 : 0);
            }
            case FORGET -> { }
        }
        return new BulkRequest(distinct, query, filter, action, t, rating, favourite, l, collection, fields, k,
                preset == null ? null : preset.strip(), params);
    }

    /** The same edit for every asset, for rating, favourite and label. */
    AssetPatch change() {
        return AssetPatch.none().withRating(rating).withFavourite(favourite).withLabel(label);
    }

    /** The tags as an edit takes them (trimmed, checked, without repeats). */
    private static List<String> validTags(List<String> tags) {
        return AssetPatch.none().withTags(tags).validated().tags().orElseThrow();
    }

    /**
     * Whether a kind can be made again on request: a derivative file made from the media, or a semantic analysis
     * planned for versions (how a library that keeps semantic.auto off has its assets analysed when it wants).
     */
    private static boolean regenerable(JobKind k) {
        return k.planned() && (k.writesFiles() || k.semantic());
    }

    /** The kinds regenerate takes, for messages: "poster, sprite, proxy, scenes, embed, fingerprint". */
    static final String REGENERABLE = String.join(", ",
            java.util.Arrays.stream(JobKind.values()).filter(BulkRequest::regenerable).map(JobKind::id).toList());

    /** A derivative or an analysis that can be made again on request. */
    static JobKind derivative(String name) {
        JobKind k = JobKind.parse(name == null ? "" : name);
        if (!regenerable(k)) {
            throw DamException.invalid("'" + name + "' is not a derivative to make again; allowed: " + REGENERABLE);
        }
        return k;
    }

    private void allowOnly(boolean given, String argument, BulkAction... takers) {
        if (!given) return;
        for (BulkAction a : takers) {
            if (a == action) return;
        }
        throw DamException.invalid(argument + " does not go with action " + action.id());
    }

    /** How the selection reads in the audit log and messages: "3 assets" or "query 'kind:video'". */
    String describeSelection() {
        if (ids != null) return ids.size() + " asset" + (ids.size() == 1 ? "" : "s");
        return "query '" + query + "'" + (filter == null || filter.isBlank() ? "" : " filter '" + filter + "'");
    }

    static List<Long> copy(long[] ids) {
        List<Long> out = new ArrayList<>(ids.length);
        for (long id : ids) out.add(id);
        return out;
    }
}
