package org.thatdam.core.fields;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.text.TextRules;
import org.thatdam.model.Actor;
import org.thatdam.model.Asset;
import org.thatdam.model.AssetKind;
import org.thatdam.model.DamException;
import org.thatdam.model.FieldDefinition;
import org.thatdam.model.FieldType;
import org.thatdam.model.FieldValue;

/**
 * Custom fields: the definitions an admin makes (create, edit, reorder, delete) and the values
 * assets have for them, checked by {@link FieldRules} on every write. A change of definition
 * converts the values that fit the new one and reports (and drops) those that do not; a dry run
 * reports without changing anything.
 */
public final class FieldService {

    /** Unfit values listed one by one in a report (all are counted). */
    public static final int MAX_REPORTED = 200;
    static final int MAX_FIELDS = 200;
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    private final Catalog catalog;
    private final Clock clock;
    private final AuditLog audit;
    /** A term's preferred vocabulary path (label, path or synonym, any case), for vocabulary-restricted fields. */
    private final Function<String, Optional<String>> canonical;

    public FieldService(Catalog catalog, Clock clock, AuditLog audit, Function<String, Optional<String>> canonical) {
        this.catalog = catalog;
        this.clock = clock;
        this.audit = audit;
        this.canonical = canonical;
    }

    /** Every definition, in their order. */
    public List<FieldDefinition> list() {
        return catalog.read(s -> s.fields().definitions());
    }

    public FieldDefinition get(String name) {
        return catalog.read(s -> s.fields().definition(key(name))).orElseThrow(() -> unknown(name));
    }

    public FieldDefinition create(FieldSpec spec, Actor by) {
        String name = validName(spec.name());
        if (spec.type() == null) throw DamException.invalid("a field needs a type (" + FieldType.ids() + ")");
        return catalog.write(s -> {
            List<FieldDefinition> all = s.fields().definitions();
            if (all.stream().anyMatch(d -> d.name().equals(name))) throw DamException.conflict("a field named '" + name + "' exists");
            if (all.size() >= MAX_FIELDS) throw DamException.invalid("there are already " + MAX_FIELDS + " fields");
            FieldDefinition draft = new FieldDefinition(name, name, FieldType.TEXT, false,
                    List.of(AssetKind.VIDEO, AssetKind.AUDIO, AssetKind.IMAGE), null, List.of(), null, all.size());
            FieldDefinition d = merged(draft, spec);
            s.fields().insert(d.withPosition(all.size()), clock.millis());
            if (spec.position() != null) move(s, name, spec.position());
            audit.write(s, by, AuditAction.FIELD_CREATE, "field " + name, d.type().id());
            return s.fields().definition(name).orElseThrow();
        });
    }

    /**
     * Changes a definition. Values are checked against the new one: those that fit are kept (converted
     * when the type changed), the others are reported and, unless {@code dryRun}, dropped.
     */
    public FieldChangeReport edit(String name, FieldSpec spec, boolean dryRun, Actor by) {
        String key = key(name);
        if (spec.name() != null && !spec.name().strip().equals(key)) {
            throw DamException.invalid("a field's name does not change (it is what searches use); make a new field instead");
        }
        if (dryRun) return catalog.read(s -> plan(s, key, spec, false));
        return catalog.write(s -> {
            FieldChangeReport r = plan(s, key, spec, true);
            audit.write(s, by, AuditAction.FIELD_EDIT, "field " + key,
                    r.converted() + " converted, " + r.unfitCount() + " dropped");
            return r;
        });
    }

    /** Forgets a field and every value of it; returns how many values went. */
    public int delete(String name, Actor by) {
        String key = key(name);
        return catalog.write(s -> {
            if (s.fields().definition(key).isEmpty()) throw unknown(key);
            int values = s.fields().delete(key);
            List<String> rest = s.fields().definitions().stream().map(FieldDefinition::name).toList();
            s.fields().reorder(rest, clock.millis());
            audit.write(s, by, AuditAction.FIELD_DELETE, "field " + key, values + " values");
            return values;
        });
    }

    /** An asset's values by field name, JSON-ish (see {@link FieldRules#value}), in field order. */
    public Map<String, Object> values(long assetId) {
        return catalog.read(s -> values(s, assetId));
    }

    public static Map<String, Object> values(CatalogSession s, long assetId) {
        Map<String, FieldDefinition> defs = new LinkedHashMap<>();
        s.fields().definitions().forEach(d -> defs.put(d.name(), d));
        Map<String, List<FieldValue>> rows = new LinkedHashMap<>();
        for (FieldValue v : s.fields().values(assetId)) rows.computeIfAbsent(v.field(), k -> new ArrayList<>()).add(v);
        Map<String, Object> out = new LinkedHashMap<>();
        rows.forEach((field, r) -> out.put(field, FieldRules.value(defs.get(field), r)));
        return out;
    }

    /**
     * Checks and stores {@code values} (field name → value; null, "" or [] clears) on {@code asset},
     * in the caller's transaction. Everything is checked before anything is written.
     */
    public void write(CatalogSession s, Asset asset, Map<String, Object> values) {
        Map<String, List<FieldValue>> checked = check(s, asset, values);
        checked.forEach((field, rows) -> s.fields().setValues(asset.id(), field, rows));
    }

    /** The rows each named field would store, checked; throws naming the first field that does not fit. */
    public Map<String, List<FieldValue>> check(CatalogSession s, Asset asset, Map<String, Object> values) {
        Map<String, FieldDefinition> defs = new LinkedHashMap<>();
        s.fields().definitions().forEach(d -> defs.put(d.name(), d));
        Map<String, List<FieldValue>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().strip().toLowerCase(Locale.ROOT);
            FieldDefinition d = defs.get(name);
            if (d == null) {
                throw DamException.invalid("no field named '" + e.getKey() + "'"
                        + (defs.isEmpty() ? " (no fields are defined)" : " (fields: " + String.join(", ", defs.keySet()) + ")"));
            }
            List<FieldValue> rows = rowsFor(d, e.getValue());
            if (rows.isEmpty() && d.required()) {
                throw DamException.invalid("field '" + name + "' is required: it cannot be cleared");
            }
            if (!rows.isEmpty() && !d.appliesTo(asset.kind())) {
                throw DamException.invalid("field '" + name + "' does not apply to " + asset.kind().id() + " assets (it applies to "
                        + String.join(", ", d.kinds().stream().map(AssetKind::id).toList()) + ")");
            }
            out.put(name, rows);
        }
        return out;
    }

    private FieldChangeReport plan(CatalogSession s, String key, FieldSpec spec, boolean apply) {
        FieldDefinition old = s.fields().definition(key).orElseThrow(() -> unknown(key));
        FieldDefinition next = merged(old, spec);
        int kept = 0;
        int converted = 0;
        int unfitCount = 0;
        List<FieldChangeReport.Unfit> unfit = new ArrayList<>();
        for (Map.Entry<Long, List<FieldValue>> e : s.fields().valuesOf(key).entrySet()) {
            long assetId = e.getKey();
            Object value = FieldRules.value(old, e.getValue());
            Optional<AssetKind> kind = s.assets().find(assetId).map(Asset::kind);
            List<FieldValue> rows;
            try {
                if (kind.isPresent() && !next.appliesTo(kind.get())) {
                    throw DamException.invalid("the field no longer applies to " + kind.get().id() + " assets");
                }
                rows = rowsFor(next, value);
            } catch (DamException ex) {
                unfitCount++;
                if (unfit.size() < MAX_REPORTED) unfit.add(new FieldChangeReport.Unfit(assetId, value, ex.getMessage()));
                if (apply) s.fields().setValues(assetId, key, List.of());
                continue;
            }
            if (rows.equals(e.getValue())) {
                kept++;
            } else {
                converted++;
                if (apply) s.fields().setValues(assetId, key, rows);
            }
        }
        if (apply) {
            s.fields().update(next.withPosition(old.position()), clock.millis());
            if (spec.position() != null) move(s, key, spec.position());
            next = s.fields().definition(key).orElseThrow();
        }
        long missing = next.required()
                ? s.fields().countMissing(key, next.kinds().stream().map(AssetKind::id).toList()) : 0;
        // A dry run counts, as missing, the values it would drop.
        if (!apply && next.required()) missing += unfitCount;
        return new FieldChangeReport(next, apply, kept, converted, unfitCount, List.copyOf(unfit), missing);
    }

    /**
     * {@link FieldRules#rows}, and for a field restricted to a vocabulary branch: the value must name a
     * term at or under it, and is stored as the term's preferred path.
     */
    private List<FieldValue> rowsFor(FieldDefinition d, Object value) {
        List<FieldValue> rows = FieldRules.rows(d, value);
        if (d.vocabulary() == null || rows.isEmpty()) return rows;
        String branch = d.vocabulary();
        List<FieldValue> out = new ArrayList<>();
        for (FieldValue r : rows) {
            String term = canonical.apply(r.text())
                    .filter(p -> p.equalsIgnoreCase(branch) || p.toLowerCase(Locale.ROOT).startsWith(branch.toLowerCase(Locale.ROOT) + "/"))
                    .orElseThrow(() -> DamException.invalid("field '" + d.name() + "' (" + d.type().id() + "): '" + r.text()
                            + "' is not a vocabulary term under " + branch));
            out.add(new FieldValue(r.field(), term, r.number()));
        }
        return out;
    }

    /** {@code base} with what {@code spec} gives, checked as a whole. */
    private FieldDefinition merged(FieldDefinition base, FieldSpec spec) {
        FieldType type = spec.type() == null ? base.type() : FieldType.parse(spec.type());
        String label = spec.label() == null ? base.label() : spec.label().strip();
        if (label.isEmpty()) throw DamException.invalid("a field's label must not be empty");
        if (label.length() > 100) throw DamException.invalid("a field's label is longer than 100 characters");
        TextRules.check("label", label, false);
        List<AssetKind> kinds = spec.kinds() == null ? base.kinds() : spec.kinds().stream().map(AssetKind::parse).distinct().toList();
        if (kinds.isEmpty()) throw DamException.invalid("a field applies to at least one kind (video, audio, image)");
        String help = spec.help() == null ? base.help() : spec.help().strip();
        if (help != null) {
            if (help.length() > 1000) throw DamException.invalid("a field's help text is longer than 1000 characters");
            TextRules.check("help text", help, true);
            if (help.isEmpty()) help = null;
        }
        List<String> choices = spec.choices() == null ? base.choices() : FieldRules.choices(spec.choices());
        if (type.hasChoices() && choices.isEmpty()) {
            throw DamException.invalid("a " + type.id() + " field needs choices");
        }
        if (!type.hasChoices()) {
            if (spec.choices() != null && !choices.isEmpty()) throw DamException.invalid("only choice fields have choices");
            choices = List.of();
        }
        if (choices.size() > 500) throw DamException.invalid("more than 500 choices");
        String vocabulary = spec.vocabulary() == null ? base.vocabulary() : spec.vocabulary().strip();
        if (vocabulary != null && vocabulary.isEmpty()) vocabulary = null;
        if (vocabulary != null) {
            if (type != FieldType.TEXT) throw DamException.invalid("only text fields take their values from the vocabulary");
            if (vocabulary.length() > 500) throw DamException.invalid("the vocabulary branch is longer than 500 characters");
            TextRules.check("vocabulary", vocabulary, false);
            String asked = vocabulary;
            vocabulary = canonical.apply(asked)
                    .orElseThrow(() -> DamException.invalid("no vocabulary term '" + asked + "' to take the field's values from"));
        }
        boolean required = spec.required() == null ? base.required() : spec.required();
        if (spec.position() != null && spec.position() < 0) throw DamException.invalid("a position is 0 or more");
        return new FieldDefinition(base.name(), label, type, required, kinds, help, choices, vocabulary, base.position());
    }

    /** Puts field {@code name} at {@code position} (0 = first; past the end = last), renumbering the others. */
    private void move(CatalogSession s, String name, int position) {
        List<String> names = new ArrayList<>(s.fields().definitions().stream().map(FieldDefinition::name).toList());
        names.remove(name);
        names.add(Math.min(position, names.size()), name);
        s.fields().reorder(names, clock.millis());
    }

    static String validName(String name) {
        String n = name == null ? "" : name.strip();
        if (!NAME.matcher(n).matches()) {
            throw DamException.invalid("invalid field name '" + n + "': 1 to 40 of a-z, 0-9, '-' and '_', starting with a letter");
        }
        return n;
    }

    private static String key(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }

    private static DamException unknown(String name) {
        return DamException.notFound("no field named '" + name + "'");
    }
}
