package org.thatdam.core.vocabulary;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.CatalogSession;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.audit.AuditLog;
import org.thatdam.core.events.DamEvent;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.text.TextRules;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;

/**
 * The controlled vocabulary: a tree of terms with synonyms, what a tag or search word means in it,
 * and changes to it that carry every asset's tags along (a renamed, moved or merged term renames the
 * tags in the same catalog transaction; the change log makes the search index follow).
 *
 * <p>The whole vocabulary is held in memory and re-read when the catalog's vocabulary version moves
 * (any process's change bumps it), so lookups and suggestions cost one tiny read.
 */
public final class VocabularyService {

    static final String VERSION = "version";
    static final String RESTRICTED = "tags_restricted";
    /** A full path is stored as a tag, so it fits in one (the tag length limit). */
    public static final int MAX_PATH = 100;
    public static final int MAX_LABEL = 100;
    public static final int MAX_DEPTH = 12;
    public static final int MAX_SYNONYMS = 50;
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_SUGGESTIONS = 50;

    private final Catalog catalog;
    private final AuditLog audit;
    private final EventBus events;
    private final Clock clock;
    /** Version -1: read on first use. */
    private volatile Vocabulary cached = new Vocabulary(List.of(), Map.of(VERSION, "-1"));

    public VocabularyService(Catalog catalog, AuditLog audit, EventBus events, Clock clock) {
        this.catalog = catalog;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ lookups

    /**
     * The preferred full path ("Places/Europe/Lisbon") of the term {@code term} names: a full path
     * (any level may be a synonym), the end of one, a label or a synonym, ignoring case. Empty when no
     * term or more than one answers to it.
     */
    public Optional<String> canonical(String term) {
        if (term == null) return Optional.empty();
        return current().resolve(term).map(Vocabulary.Node::path);
    }

    /** The preferred paths at or under the term {@code path} names (itself first); empty when it names none. */
    public List<String> narrower(String path) {
        Vocabulary v = current();
        return v.resolve(path == null ? "" : path).map(n -> v.subtree(n).stream().map(Vocabulary.Node::path).toList())
                .orElse(List.of());
    }

    /** Every term, parents first and siblings by label. */
    public List<TermInfo> terms() {
        Vocabulary v = current();
        return v.nodes().stream().map(n -> info(v, n)).toList();
    }

    /** The term a path, label or synonym names. */
    public TermInfo term(String ref) {
        Vocabulary v = current();
        return info(v, node(v, ref));
    }

    /** The term with this id. */
    public TermInfo term(long id) {
        Vocabulary v = current();
        return info(v, v.byId(id).orElseThrow(() -> DamException.notFound("no vocabulary term with id " + id)));
    }

    /** Terms for what someone is typing (labels and synonyms, by prefix then substring), best first. */
    public List<Suggestion> suggest(String typed, int limit) {
        if (limit < 1 || limit > MAX_SUGGESTIONS) {
            throw DamException.invalid("limit must be between 1 and " + MAX_SUGGESTIONS + ", got " + limit);
        }
        return current().suggest(typed, limit);
    }

    /** Whether tags may only be vocabulary terms. */
    public boolean restricted() {
        return current().restricted;
    }

    /**
     * Tags as they are stored: each one that names a term becomes the term's preferred path; when the
     * library accepts only vocabulary terms, one that names none is refused (the message names it and
     * offers close terms). Duplicates collapse.
     */
    public List<String> tagsFor(List<String> tags) {
        return tagsFor(current(), tags);
    }

    /** {@link #tagsFor} against the vocabulary as it is now, for many edits in a row (one read of it). */
    public java.util.function.UnaryOperator<List<String>> tagRule() {
        Vocabulary v = current();
        return tags -> tagsFor(v, tags);
    }

    private static List<String> tagsFor(Vocabulary v, List<String> tags) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String tag : tags) {
            List<Vocabulary.Node> c = v.candidates(tag);
            if (c.size() == 1) {
                out.add(c.get(0).path());
            } else if (!v.restricted) {
                out.add(tag);
            } else if (c.isEmpty()) {
                List<String> close = v.close(tag, 3);
                problems.add("tag '" + tag + "' is not in the vocabulary"
                        + (close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)"));
            } else {
                problems.add("tag '" + tag + "' is ambiguous in the vocabulary: "
                        + String.join(" or ", c.stream().map(Vocabulary.Node::path).toList()));
            }
        }
        if (!problems.isEmpty()) throw DamException.invalid(String.join("; ", problems));
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ changes

    /**
     * Adds the term at {@code path}, creating the levels above it that are missing; fails when the
     * term exists. {@code synonyms} and {@code description} may be empty/null.
     */
    public TermInfo add(String path, List<String> synonyms, String description, Actor by) {
        List<String> levels = levels(path);
        List<String> syns = synonyms(synonyms);
        String desc = description(description);
        long id = catalog.write(s -> {
            Vocabulary v = load(s);
            if (v.byPath(String.join("/", levels)).isPresent()) {
                throw DamException.conflict("the term " + String.join("/", levels) + " already exists");
            }
            long termId = ensure(s, v, levels, desc);
            for (String syn : syns) addSynonym(s, load(s), termId, syn);
            audit.write(s, by, AuditAction.VOCABULARY_ADD, "term " + String.join("/", levels), null);
            return termId;
        });
        Vocabulary v = current();
        return info(v, v.byId(id).orElseThrow());
    }

    /** Replaces a term's synonyms and/or description (null leaves one as it is; an empty description clears it). */
    public TermInfo edit(String ref, List<String> synonyms, String description, Actor by) {
        List<String> syns = synonyms == null ? null : synonyms(synonyms);
        String desc = description == null ? null : description(description);
        long id = catalog.write(s -> {
            Vocabulary v = load(s);
            Vocabulary.Node n = node(v, ref);
            if (syns != null) {
                for (String old : n.term().synonyms()) s.vocabulary().removeSynonym(n.id(), Vocabulary.key(old));
                for (String syn : syns) addSynonym(s, load(s), n.id(), syn);
            }
            if (desc != null) s.vocabulary().setDescription(n.id(), desc.isEmpty() ? null : desc);
            audit.write(s, by, AuditAction.VOCABULARY_EDIT, "term " + n.path(), null);
            return n.id();
        });
        Vocabulary v = current();
        return info(v, v.byId(id).orElseThrow());
    }

    /**
     * Gives a term another label; every asset tagged with it or a term under it is re-tagged. The old
     * label stays as a synonym (unless another term has it as one), so tags typed the old way, a
     * restricted tag list and other tools' sidecars still find the term.
     */
    public TermChange rename(String ref, String newLabel, Actor by) {
        String label = label(newLabel);
        return restructure(by, AuditAction.VOCABULARY_RENAME, (s, v) -> {
            Vocabulary.Node n = node(v, ref);
            Long parent = n.term().parentId();
            checkFree(v, parent, label, n.id());
            checkPath(v.parentOf(n).map(p -> p.path() + "/").orElse("") + label, v, n);
            s.vocabulary().update(n.id(), parent, label, Vocabulary.key(label));
            if (!Vocabulary.key(n.term().label()).equals(Vocabulary.key(label))) keepAsSynonym(s, v, n, n.term().label());
            return new Step(n.id(), Map.of(), "term " + n.path() + " → " + label);
        });
    }

    /** Moves a term (with everything under it) under another term, or to the top when {@code newParent} is blank. */
    public TermChange move(String ref, String newParent, Actor by) {
        return restructure(by, AuditAction.VOCABULARY_MOVE, (s, v) -> {
            Vocabulary.Node n = node(v, ref);
            Vocabulary.Node parent = newParent == null || newParent.isBlank() ? null : node(v, newParent);
            if (parent != null && v.subtree(n).contains(parent)) {
                throw DamException.invalid("cannot move " + n.path() + " under itself (" + parent.path() + ")");
            }
            Long parentId = parent == null ? null : parent.id();
            checkFree(v, parentId, n.term().label(), n.id());
            checkPath((parent == null ? "" : parent.path() + "/") + n.term().label(), v, n);
            if (parent != null && parent.depth() + 1 + height(n) > MAX_DEPTH) {
                throw DamException.invalid("the vocabulary would be deeper than " + MAX_DEPTH + " levels");
            }
            s.vocabulary().update(n.id(), parentId, n.term().label(), Vocabulary.key(n.term().label()));
            return new Step(n.id(), Map.of(), "term " + n.path() + " → " + (parent == null ? "(top)" : parent.path()));
        });
    }

    /**
     * Merges term {@code from} into {@code into}: assets tagged with it (or a term under it) are tagged
     * with {@code into} (or the same term under it) instead; its children join {@code into}'s (merged
     * with a child of the same label); its label and synonyms become synonyms of {@code into}; it is deleted.
     */
    public TermChange merge(String from, String into, Actor by) {
        return restructure(by, AuditAction.VOCABULARY_MERGE, (s, v) -> {
            Vocabulary.Node a = node(v, from);
            Vocabulary.Node b = node(v, into);
            if (a.id() == b.id()) throw DamException.invalid("cannot merge " + a.path() + " into itself");
            if (v.subtree(a).contains(b)) throw DamException.invalid("cannot merge " + a.path() + " into a term under it (" + b.path() + ")");
            Map<Long, Long> merged = new HashMap<>();
            mergeInto(s, v, a, b, merged);
            return new Step(b.id(), merged, "term " + a.path() + " → " + b.path());
        });
    }

    /** Deletes a term and everything under it. Assets keep their tags (as free tags); the report counts them. */
    public TermChange delete(String ref, Actor by) {
        return catalog.write(s -> {
            Vocabulary v = load(s);
            Vocabulary.Node n = node(v, ref);
            List<String> paths = v.subtree(n).stream().map(Vocabulary.Node::path).toList();
            int tagged = s.vocabulary().assetsTagged(stored(s, paths)).size();
            s.vocabulary().delete(n.id());
            audit.write(s, by, AuditAction.VOCABULARY_DELETE, "term " + n.path(), paths.size() + " term(s)");
            return new TermChange(null, tagged);
        });
    }

    /** Sets whether tags may only be vocabulary terms. Existing tags are left as they are. */
    public void setRestricted(boolean on, Actor by) {
        catalog.update(s -> {
            s.vocabulary().setSetting(RESTRICTED, Boolean.toString(on));
            // settings are read with the version: bump it so every process sees the change at once
            bump(s);
            audit.write(s, by, AuditAction.VOCABULARY_SETTINGS, "vocabulary", "tags restricted: " + on);
        });
    }

    /**
     * Merges a vocabulary file into the tree: missing terms (and the levels above them) are added,
     * synonyms and descriptions added or set; nothing is removed or renamed. With {@code apply} false
     * nothing is written: the report says what would change. A file with any error changes nothing.
     */
    public ImportReport importFile(String text, VocabularyFormat format, boolean apply, Actor by) {
        VocabularyFormat.Read file = format.read(text);
        try {
            return catalog.write(s -> {
                ImportReport r = merge(s, file, apply);
                if (!apply) throw new DryRun(r);   // rolls the transaction back
                audit.write(s, by, AuditAction.VOCABULARY_IMPORT, "vocabulary", format.id() + ": " + r.added().size()
                        + " term(s), " + r.synonymsAdded() + " synonym(s) added");
                return r;
            });
        } catch (DryRun d) {
            return d.report;
        }
    }

    /** The whole vocabulary as a file of {@code format}. */
    public String export(VocabularyFormat format) {
        return format.write(terms());
    }

    /** Carries a dry run's report out of the transaction it rolls back. */
    private static final class DryRun extends RuntimeException {
        final ImportReport report;

        DryRun(ImportReport report) {
            super(null, null, false, false);
            this.report = report;
        }
    }

    /** Adds what the entries hold to the catalog, tracking what it made in memory (one read of the tree). */
    private ImportReport merge(CatalogSession s, VocabularyFormat.Read file, boolean apply) {
        List<VocabularyFormat.Entry> entries = file.entries();
        Vocabulary v = load(s);
        Map<String, Long> ids = new HashMap<>();            // path key → id
        Map<Long, String> labels = new HashMap<>();         // id → label key
        Map<String, Long> synonymOwner = new HashMap<>();   // synonym key → id
        Map<Long, String> paths = new HashMap<>();
        Map<Long, String> descriptions = new HashMap<>();
        for (Vocabulary.Node n : v.nodes()) {
            ids.put(Vocabulary.key(n.path()), n.id());
            labels.put(n.id(), Vocabulary.key(n.term().label()));
            paths.put(n.id(), n.path());
            descriptions.put(n.id(), n.term().description());
            for (String syn : n.term().synonyms()) synonymOwner.put(Vocabulary.key(syn), n.id());
        }
        List<String> added = new ArrayList<>();
        List<String> skipped = new ArrayList<>(file.ignored());
        int synonyms = 0;
        int described = 0;
        long now = clock.millis();
        for (VocabularyFormat.Entry e : entries) {
            Long id = null;
            String path = null;
            for (String level : e.levels()) {
                path = path == null ? level : path + "/" + level;
                Long existing = ids.get(Vocabulary.key(path));
                if (existing == null) {
                    existing = s.vocabulary().add(id, level, Vocabulary.key(level), null, now);
                    ids.put(Vocabulary.key(path), existing);
                    labels.put(existing, Vocabulary.key(level));
                    paths.put(existing, path);
                    added.add(path);
                }
                id = existing;
            }
            for (String syn : e.synonyms()) {
                String k = Vocabulary.key(syn);
                Long owner = synonymOwner.get(k);
                if (k.equals(labels.get(id)) || id.equals(owner)) continue;
                if (owner != null) {
                    skipped.add(e.where() + ": the synonym '" + syn + "' already belongs to " + paths.get(owner));
                    continue;
                }
                s.vocabulary().addSynonym(id, syn, k);
                synonymOwner.put(k, id);
                synonyms++;
            }
            if (e.description() != null && !e.description().isEmpty() && !e.description().equals(descriptions.get(id))) {
                s.vocabulary().setDescription(id, e.description());
                descriptions.put(id, e.description());
                described++;
            }
        }
        return new ImportReport(apply, entries.size(), List.copyOf(added), synonyms, described, List.copyOf(skipped));
    }

    // ------------------------------------------------------------------ internals

    /** The vocabulary as the catalog has it now (re-read only when its version moved). */
    Vocabulary current() {
        Map<String, String> settings = catalog.read(s -> s.vocabulary().settings());
        Vocabulary v = cached;
        if (v.version == parseVersion(settings)) return v;
        Vocabulary fresh = catalog.read(this::load);
        cached = fresh;
        return fresh;
    }

    Vocabulary load(CatalogSession s) {
        Map<String, String> settings = s.vocabulary().settings();
        return new Vocabulary(s.vocabulary().terms(), settings);
    }

    private static long parseVersion(Map<String, String> settings) {
        try {
            return Long.parseLong(settings.getOrDefault(VERSION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void bump(CatalogSession s) {
        long next = parseVersion(s.vocabulary().settings()) + 1;
        s.vocabulary().setSetting(VERSION, Long.toString(next));
    }

    /** One structural change: the term to report, and which merged-away ids now live on as which. */
    private record Step(long reportId, Map<Long, Long> merged, String detail) {}

    @FunctionalInterface
    private interface Change {
        Step apply(CatalogSession s, Vocabulary v);
    }

    /** Runs a change to the tree and, in the same transaction, renames the tags of every path it changed. */
    private TermChange restructure(Actor by, AuditAction action, Change change) {
        Set<Long> touched = new LinkedHashSet<>();
        TermChange result = catalog.write(s -> {
            Vocabulary before = load(s);
            Step step = change.apply(s, before);
            Vocabulary after = load(s);
            Map<String, String> renames = new LinkedHashMap<>();
            Map<Long, String> afterPaths = after.paths();
            before.paths().forEach((id, oldPath) -> {
                String newPath = afterPaths.get(step.merged().getOrDefault(id, id));
                if (newPath != null && !newPath.equals(oldPath)) renames.put(oldPath, newPath);
            });
            touched.addAll(retag(s, renames));
            audit.write(s, by, action, step.detail(), touched.size() + " asset(s) re-tagged");
            return new TermChange(afterPaths.get(step.reportId()), touched.size());
        });
        for (long id : touched) events.publish(new DamEvent.AssetUpdated(id));
        return result;
    }

    /** Renames tags (old path → new path, matching stored tags ignoring case); the assets it changed. */
    private static Set<Long> retag(CatalogSession s, Map<String, String> renames) {
        if (renames.isEmpty()) return Set.of();
        Map<String, List<String>> stored = new HashMap<>();
        for (String t : s.vocabulary().distinctTags()) stored.computeIfAbsent(Vocabulary.key(t), k -> new ArrayList<>()).add(t);
        Map<String, String> exact = new LinkedHashMap<>();
        renames.forEach((from, to) -> {
            for (String variant : stored.getOrDefault(Vocabulary.key(from), List.of())) {
                if (!variant.equals(to)) exact.put(variant, to);
            }
        });
        Set<Long> assets = s.vocabulary().assetsTagged(List.copyOf(exact.keySet()));
        exact.forEach((from, to) -> s.vocabulary().replaceTag(from, to));
        return assets;
    }

    /** The stored spellings of these paths (tags are compared ignoring case). */
    private static List<String> stored(CatalogSession s, List<String> paths) {
        Set<String> keys = new java.util.HashSet<>();
        for (String p : paths) keys.add(Vocabulary.key(p));
        return s.vocabulary().distinctTags().stream().filter(t -> keys.contains(Vocabulary.key(t))).toList();
    }

    private void mergeInto(CatalogSession s, Vocabulary v, Vocabulary.Node a, Vocabulary.Node b, Map<Long, Long> merged) {
        for (Vocabulary.Node child : a.children()) {
            Optional<Vocabulary.Node> same = b.children().stream()
                    .filter(c -> Vocabulary.key(c.term().label()).equals(Vocabulary.key(child.term().label()))).findFirst();
            if (same.isPresent()) {
                mergeInto(s, v, child, same.get(), merged);
            } else {
                s.vocabulary().update(child.id(), b.id(), child.term().label(), Vocabulary.key(child.term().label()));
            }
        }
        Set<String> words = new LinkedHashSet<>();
        words.add(a.term().label());
        words.addAll(a.term().synonyms());
        s.vocabulary().delete(a.id());
        merged.put(a.id(), b.id());
        for (String w : words) {
            String k = Vocabulary.key(w);
            boolean known = Vocabulary.key(b.term().label()).equals(k)
                    || b.term().synonyms().stream().anyMatch(x -> Vocabulary.key(x).equals(k));
            if (!known) s.vocabulary().addSynonym(b.id(), w, k);
        }
    }

    /** Adds {@code word} to {@code n}'s synonyms unless it is already one, or another term's (a synonym names one term). */
    private static void keepAsSynonym(CatalogSession s, Vocabulary v, Vocabulary.Node n, String word) {
        String k = Vocabulary.key(word);
        for (Vocabulary.Node other : v.nodes()) {
            if (other.term().synonyms().stream().anyMatch(x -> Vocabulary.key(x).equals(k))) return;
        }
        if (n.term().synonyms().size() >= MAX_SYNONYMS) return;
        s.vocabulary().addSynonym(n.id(), word, k);
    }

    /** Creates the missing levels of a path; the id of its last level. */
    long ensure(CatalogSession s, Vocabulary v, List<String> levels, String description) {
        if (levels.size() > MAX_DEPTH) throw DamException.invalid("a term may be at most " + MAX_DEPTH + " levels deep");
        String joined = String.join("/", levels);
        if (joined.length() > MAX_PATH) {
            throw DamException.invalid("the path " + joined + " is longer than " + MAX_PATH + " characters (a tag's limit)");
        }
        Long parent = null;
        List<String> sofar = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            sofar.add(levels.get(i));
            Optional<Vocabulary.Node> existing = v.byPath(String.join("/", sofar));
            if (existing.isPresent()) {
                parent = existing.get().id();
                continue;
            }
            String desc = i == levels.size() - 1 ? description : null;
            parent = s.vocabulary().add(parent, levels.get(i), Vocabulary.key(levels.get(i)), desc, clock.millis());
            // later levels hang under a term this transaction made: look them up afresh
            v = load(s);
        }
        return parent;
    }

    void addSynonym(CatalogSession s, Vocabulary v, long termId, String synonym) {
        String k = Vocabulary.key(synonym);
        Vocabulary.Node n = v.byId(termId).orElseThrow();
        if (Vocabulary.key(n.term().label()).equals(k)) return;
        for (Vocabulary.Node other : v.nodes()) {
            if (other.id() != termId && other.term().synonyms().stream().anyMatch(x -> Vocabulary.key(x).equals(k))) {
                throw DamException.conflict("the synonym '" + synonym + "' already belongs to " + other.path());
            }
        }
        s.vocabulary().addSynonym(termId, synonym, k);
    }

    private static void checkFree(Vocabulary v, Long parentId, String label, long self) {
        List<Vocabulary.Node> siblings = parentId == null ? v.roots() : v.byId(parentId).orElseThrow().children();
        for (Vocabulary.Node sib : siblings) {
            if (sib.id() != self && Vocabulary.key(sib.term().label()).equals(Vocabulary.key(label))) {
                throw DamException.conflict("the term " + sib.path() + " already exists (merge instead?)");
            }
        }
    }

    /** A subtree's longest path after a change must still fit in a tag. */
    private static void checkPath(String newPath, Vocabulary v, Vocabulary.Node n) {
        int grow = newPath.length() - n.path().length();
        for (Vocabulary.Node d : v.subtree(n)) {
            if (d.path().length() + grow > MAX_PATH) {
                throw DamException.invalid("the path of " + d.path() + " would be longer than " + MAX_PATH + " characters");
            }
        }
    }

    private static int height(Vocabulary.Node n) {
        int h = 0;
        for (Vocabulary.Node c : n.children()) h = Math.max(h, height(c));
        return h + 1;
    }

    static Vocabulary.Node node(Vocabulary v, String ref) {
        if (ref == null || ref.isBlank()) throw DamException.invalid("a term is required");
        List<Vocabulary.Node> c = v.candidates(ref);
        if (c.size() == 1) return c.get(0);
        if (c.isEmpty()) {
            List<String> close = v.close(ref, 3);
            throw DamException.notFound("no vocabulary term '" + ref.strip() + "'"
                    + (close.isEmpty() ? "" : " (did you mean " + String.join(", ", close) + "?)"));
        }
        throw DamException.invalid("'" + ref.strip() + "' is ambiguous: "
                + String.join(" or ", c.stream().map(Vocabulary.Node::path).toList()) + " (give the full path)");
    }

    private static TermInfo info(Vocabulary v, Vocabulary.Node n) {
        return new TermInfo(n.id(), n.path(), n.term().label(), v.parentOf(n).map(Vocabulary.Node::path).orElse(null),
                n.term().synonyms(), n.term().description(), n.depth(), n.children().size());
    }

    /** A path's levels, each a valid label. */
    static List<String> levels(String path) {
        if (path == null || Vocabulary.trimSlashes(path).isEmpty()) throw DamException.invalid("a term path is required");
        List<String> out = new ArrayList<>();
        for (String level : Vocabulary.trimSlashes(path).split("/")) out.add(label(level));
        if (out.size() > MAX_DEPTH) throw DamException.invalid("a term may be at most " + MAX_DEPTH + " levels deep");
        return out;
    }

    /** A label: trimmed, not empty, no '/' (the level separator) or '|' (the synonym separator in CSV). */
    static String label(String raw) {
        String v = raw == null ? "" : raw.strip().replaceAll("\\s+", " ");
        if (v.isEmpty()) throw DamException.invalid("a term label is empty");
        if (v.length() > MAX_LABEL) throw DamException.invalid("the label '" + v.substring(0, 20) + "…' is longer than " + MAX_LABEL + " characters");
        if (v.contains("/")) throw DamException.invalid("the label '" + v + "' contains '/' (it separates levels)");
        if (v.contains("|")) throw DamException.invalid("the label '" + v + "' contains '|' (it separates synonyms)");
        TextRules.check("label '" + v + "'", v, false);
        return v;
    }

    static List<String> synonyms(List<String> raw) {
        if (raw == null) return List.of();
        if (raw.size() > MAX_SYNONYMS) throw DamException.invalid("more than " + MAX_SYNONYMS + " synonyms");
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (String r : raw) {
            String l = label(r);
            out.putIfAbsent(Vocabulary.key(l), l);
        }
        return List.copyOf(out.values());
    }

    static String description(String raw) {
        if (raw == null) return null;
        String d = raw.strip();
        if (d.length() > MAX_DESCRIPTION) throw DamException.invalid("a description is longer than " + MAX_DESCRIPTION + " characters");
        TextRules.check("description", d, true);
        return d;
    }
}
