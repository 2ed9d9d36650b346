package org.thatdam.core.bulk;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.core.jobs.JobKind;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.media.console.Presets;
import org.thatdam.model.DamException;
import org.thatdam.search.FacetFilters;

/**
 * One bulk action on a selection of assets: given as asset ids, or as a search query (with facet
 * selections in {@code filter}, as the search takes them) that is resolved when the job starts.
 * The action's arguments: {@code tags} for add-tags and remove-tags, {@code kinds} (poster, sprite,
 * proxy) for regenerate, {@code preset} and its {@code params} for preset; forget takes none.
 */
public record BulkRequest(List<Long> ids, String query, String filter, BulkAction action,
                          List<String> tags, List<String> kinds, String preset, Map<String, String> params) {

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
            FacetFilters.parse(filter);
        }
        if (action == null) throw DamException.invalid("action is required");
        allowOnly(tags != null, "tags", BulkAction.ADD_TAGS, BulkAction.REMOVE_TAGS);
        allowOnly(kinds != null, "kinds", BulkAction.REGENERATE);
        allowOnly(preset != null || params != null, "preset", BulkAction.PRESET);
        List<String> t = tags;
        List<String> k = kinds;
        switch (action) {
            case ADD_TAGS, REMOVE_TAGS -> {
                if (tags == null || tags.isEmpty()) throw DamException.invalid(action.id() + " needs tags");
                t = validTags(tags);
            }
            case REGENERATE -> {
                if (kinds == null || kinds.isEmpty()) throw DamException.invalid("regenerate needs kinds (poster, sprite, proxy)");
                k = List.copyOf(new LinkedHashSet<>(kinds.stream().map(BulkRequest::derivative).map(JobKind::id).toList()));
            }
            case PRESET -> {
                if (preset == null || preset.isBlank()) throw DamException.invalid("preset needs the preset's name");
                Presets.expand(preset.strip(), params, Presets.needsDuration(preset.strip()) ? 1 : 0);
            }
            case FORGET -> { }
        }
        return new BulkRequest(distinct, query, filter, action, t, k, preset == null ? null : preset.strip(), params);
    }

    /** The tags as an edit takes them (trimmed, checked, without repeats). */
    private static List<String> validTags(List<String> tags) {
        return new AssetPatch(Optional.empty(), Optional.empty(), Optional.of(tags), Optional.empty()).validated().tags().orElseThrow();
    }

    /** A derivative that can be made again on request (files made from the media). */
    static JobKind derivative(String name) {
        JobKind k = JobKind.parse(name == null ? "" : name);
        if (!k.derivative() || !k.writesFiles()) {
            throw DamException.invalid("'" + name + "' is not a derivative to make again; allowed: poster, sprite, proxy");
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
