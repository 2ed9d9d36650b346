package org.thatdam.core.vocabulary;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.VocabularyTerm;

/**
 * One consistent copy of the whole vocabulary with its lookups: terms by full path, by label and by
 * synonym, all ignoring case. Immutable; {@link VocabularyService} replaces it when the catalog's
 * vocabulary version moves.
 */
final class Vocabulary {

    /** A term with where it sits: its preferred full path and its children (in label order). */
    record Node(VocabularyTerm term, String path, int depth, List<Node> children) {
        long id() {
            return term.id();
        }
    }

    final long version;
    final boolean restricted;
    private final List<Node> roots;
    /** Every node, parents before children, siblings by label (the order of the tree and of exports). */
    private final List<Node> ordered = new ArrayList<>();
    private final Map<Long, Node> byId = new HashMap<>();
    private final Map<String, Node> byPath = new HashMap<>();
    private final Map<String, List<Node>> byLabel = new HashMap<>();
    private final Map<String, List<Node>> bySynonym = new HashMap<>();

    Vocabulary(List<VocabularyTerm> terms, Map<String, String> settings) {
        this.version = parseLong(settings.get(VocabularyService.VERSION));
        this.restricted = Boolean.parseBoolean(settings.get(VocabularyService.RESTRICTED));
        Map<Long, List<VocabularyTerm>> children = new HashMap<>();
        for (VocabularyTerm t : terms) children.computeIfAbsent(t.parentId() == null ? 0L : t.parentId(), k -> new ArrayList<>()).add(t);
        this.roots = build(children, 0L, null, 0);
    }

    private List<Node> build(Map<Long, List<VocabularyTerm>> children, long parent, String parentPath, int depth) {
        List<VocabularyTerm> kids = new ArrayList<>(children.getOrDefault(parent, List.of()));
        kids.sort(Comparator.comparing((VocabularyTerm t) -> key(t.label())).thenComparing(VocabularyTerm::label));
        List<Node> out = new ArrayList<>();
        for (VocabularyTerm t : kids) {
            String path = parentPath == null ? t.label() : parentPath + "/" + t.label();
            List<Node> grandChildren = new ArrayList<>();
            Node n = new Node(t, path, depth, Collections.unmodifiableList(grandChildren));
            ordered.add(n);
            byId.put(t.id(), n);
            byPath.put(key(path), n);
            byLabel.computeIfAbsent(key(t.label()), k -> new ArrayList<>()).add(n);
            for (String s : t.synonyms()) bySynonym.computeIfAbsent(key(s), k -> new ArrayList<>()).add(n);
            grandChildren.addAll(build(children, t.id(), path, depth + 1));
            out.add(n);
        }
        return Collections.unmodifiableList(out);
    }

    /** How labels, synonyms and paths compare: Unicode-normalised, lower case, inner white space as one space. */
    static String key(String s) {
        String n = Normalizer.normalize(s.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return n.replaceAll("\\s+", " ");
    }

    /** Every node, parents first, siblings by label. */
    List<Node> nodes() {
        return Collections.unmodifiableList(ordered);
    }

    List<Node> roots() {
        return roots;
    }

    Optional<Node> byId(long id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<Node> parentOf(Node n) {
        return n.term().parentId() == null ? Optional.empty() : byId(n.term().parentId());
    }

    /** The term a full preferred path names, exactly (ignoring case). */
    Optional<Node> byPath(String path) {
        return Optional.ofNullable(byPath.get(key(trimSlashes(path))));
    }

    /**
     * The one term {@code word} means: a full path (each level by its label or a synonym), the end of
     * a path ("Europe/Lisbon"), a label, or a synonym; empty when none or several do.
     */
    Optional<Node> resolve(String word) {
        List<Node> c = candidates(word);
        return c.size() == 1 ? Optional.of(c.get(0)) : Optional.empty();
    }

    /** Every term {@code word} could mean (more than one when it is ambiguous), best kind of match first. */
    List<Node> candidates(String word) {
        String w = trimSlashes(word == null ? "" : word);
        if (w.isEmpty()) return List.of();
        Node exact = byPath.get(key(w));
        if (exact != null) return List.of(exact);
        if (w.contains("/")) {
            String[] levels = w.split("/");
            Node walked = walk(roots, levels, 0);
            if (walked != null) return List.of(walked);
            // the end of a path ("Europe/Lisbon"): walked from every term its first level names
            List<Node> out = new ArrayList<>();
            for (Node start : ordered) {
                if (!names(start, key(levels[0]))) continue;
                Node end = walk(start.children(), levels, 1);
                if (end != null && !out.contains(end)) out.add(end);
            }
            return out;
        }
        List<Node> labels = byLabel.getOrDefault(key(w), List.of());
        if (!labels.isEmpty()) return labels;
        return bySynonym.getOrDefault(key(w), List.of());
    }

    /**
     * Follows {@code levels} from index {@code from} down from {@code level}, each level by label, else
     * by a synonym of a term there; the last term reached (null when a level names none, or when there
     * is nothing to follow and nothing was reached).
     */
    private static Node walk(List<Node> level, String[] levels, int from) {
        Node at = null;
        for (int i = from; i < levels.length; i++) {
            String k = key(levels[i]);
            List<Node> here = level;
            Node next = here.stream().filter(n -> key(n.term().label()).equals(k)).findFirst()
                    .orElseGet(() -> here.stream().filter(n -> names(n, k)).findFirst().orElse(null));
            if (next == null) return null;
            at = next;
            level = next.children();
        }
        return at;
    }

    /** Whether a term's label or one of its synonyms is {@code k} (a key). */
    private static boolean names(Node n, String k) {
        return key(n.term().label()).equals(k) || n.term().synonyms().stream().anyMatch(s -> key(s).equals(k));
    }

    /** The node and everything under it, parents first. */
    List<Node> subtree(Node n) {
        List<Node> out = new ArrayList<>();
        collect(n, out);
        return out;
    }

    private static void collect(Node n, List<Node> out) {
        out.add(n);
        for (Node c : n.children()) collect(c, out);
    }

    /** The paths of every node, by id (to see what a change renamed). */
    Map<Long, String> paths() {
        Map<Long, String> out = new LinkedHashMap<>();
        for (Node n : ordered) out.put(n.id(), n.path());
        return out;
    }

    /**
     * Terms for a partly typed word, best first: labels that start with it, then synonyms that do, then
     * labels, synonyms and paths that contain it; shallower and shorter before deeper and longer. With
     * nothing typed, the top-level terms.
     */
    List<Suggestion> suggest(String typed, int limit) {
        String q = key(typed == null ? "" : typed);
        if (q.isEmpty()) {   // nothing typed yet: where the tree starts
            return roots.stream().limit(limit).map(n -> new Suggestion(n.path(), n.term().label(), null)).toList();
        }
        record Ranked(Suggestion s, int rank, Node n) {}
        List<Ranked> found = new ArrayList<>();
        for (Node n : ordered) {
            String label = key(n.term().label());
            int rank = -1;
            String via = null;
            if (label.startsWith(q)) {
                rank = 0;
            } else {
                for (String s : n.term().synonyms()) {
                    if (key(s).startsWith(q)) {
                        rank = 1;
                        via = s;
                        break;
                    }
                }
            }
            if (rank < 0 && label.contains(q)) rank = 2;
            if (rank < 0) {
                for (String s : n.term().synonyms()) {
                    if (key(s).contains(q)) {
                        rank = 3;
                        via = s;
                        break;
                    }
                }
            }
            if (rank < 0 && key(n.path()).contains(q)) rank = 4;
            if (rank >= 0) found.add(new Ranked(new Suggestion(n.path(), n.term().label(), via), rank, n));
        }
        found.sort(Comparator.comparingInt(Ranked::rank).thenComparingInt(r -> r.n().depth())
                .thenComparingInt(r -> r.n().path().length()).thenComparing(r -> key(r.n().path())));
        return found.stream().limit(limit).map(Ranked::s).toList();
    }

    /** Up to {@code n} terms close to a word that matched none: suggestions first, then labels a typo or two away. */
    List<String> close(String word, int n) {
        List<String> out = new ArrayList<>();
        String last = trimSlashes(word);
        last = last.substring(last.lastIndexOf('/') + 1);
        for (Suggestion s : suggest(last, n)) out.add(s.path());
        if (out.size() < n) {
            String k = key(last);
            int limit = k.length() <= 4 ? 1 : 2;
            for (Node node : ordered) {
                if (out.size() >= n) break;
                if (out.contains(node.path())) continue;
                boolean near = Edits.within(k, key(node.term().label()), limit)
                        || node.term().synonyms().stream().anyMatch(s -> Edits.within(k, key(s), limit));
                if (near) out.add(node.path());
            }
        }
        return out;
    }

    static String trimSlashes(String s) {
        String t = s.strip();
        while (t.startsWith("/")) t = t.substring(1);
        while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
        return t;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
