package org.thatdam.core.vocabulary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.thatdam.core.text.SpreadsheetCells;
import org.thatdam.model.DamException;

/**
 * The two files a vocabulary is exchanged as.
 *
 * <p>CSV: a header row naming the columns {@code path} (required), {@code synonyms} and {@code description}
 * (in any order; other columns are ignored), then one term a row: its full path with '/' between levels, its synonyms separated
 * by '|', its description. Fields may be quoted with '"' (a '"' inside doubled), as RFC 4180 says.
 *
 * <p>JSON (SKOS-like): {@code {"concepts": [{"prefLabel": "Lisbon", "broader": "Places/Europe",
 * "altLabel": ["Lisboa"], "definition": "…", "path": "Places/Europe/Lisbon", "narrower": [...]}]}}. A
 * concept is placed by {@code path} when given, else under {@code broader} (a full path) when given,
 * else at the top. {@code narrower} is written for readers and ignored when read (the tree is given by
 * each concept's place).
 */
public enum VocabularyFormat {
    CSV("csv", "text/csv"),
    JSON("json", "application/json");

    /** The largest file read (5 MB) and the most terms it may hold. */
    public static final int MAX_BYTES = 5 * 1024 * 1024;
    public static final int MAX_ENTRIES = 20_000;

    private final String id;
    private final String mediaType;

    VocabularyFormat(String id, String mediaType) {
        this.id = id;
        this.mediaType = mediaType;
    }

    public String id() {
        return id;
    }

    public String mediaType() {
        return mediaType;
    }

    public static VocabularyFormat parse(String s) {
        String k = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (VocabularyFormat f : values()) if (f.id.equals(k)) return f;
        throw DamException.invalid("unknown vocabulary format '" + s + "' (expected csv or json)");
    }

    /** One term read from a file: its levels, synonyms, description (null: not given) and where it was. */
    record Entry(List<String> levels, List<String> synonyms, String description, String where) {}

    /** What a file holds: its terms, and notes on what was ignored (a CSV column we do not know). */
    record Read(List<Entry> entries, List<String> ignored) {}

    /** The terms a file holds, checked (labels, depth, counts); errors name the line or concept. */
    Read read(String text) {
        if (text == null || text.isBlank()) throw DamException.invalid("the vocabulary file is empty");
        if (text.length() > MAX_BYTES) throw DamException.tooLarge("the vocabulary file is larger than " + MAX_BYTES + " bytes");
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> ignored = new ArrayList<>();
        List<Entry> out = this == CSV ? readCsv(t, ignored) : readJson(t);
        if (out.isEmpty()) throw DamException.invalid("the vocabulary file holds no terms");
        return new Read(out, List.copyOf(ignored));
    }

    /** The file for these terms (parents before children). */
    String write(List<TermInfo> terms) {
        return this == CSV ? writeCsv(terms) : writeJson(terms);
    }

    // ------------------------------------------------------------------ CSV

    private static final List<String> COLUMNS = List.of("path", "synonyms", "description");

    /** Terms from CSV; a column other than ours (notes another tool keeps) is left out and named in {@code ignored}. */
    private static List<Entry> readCsv(String text, List<String> ignored) {
        List<List<String>> rows = Csv.parse(text);
        List<String> header = rows.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int path = header.indexOf("path");
        int syn = header.indexOf("synonyms");
        int desc = header.indexOf("description");
        if (path < 0) throw DamException.invalid("line 1: the header has no 'path' column (allowed columns: " + String.join(",", COLUMNS) + ")");
        for (String h : header) {
            if (!COLUMNS.contains(h)) ignored.add("line 1: column '" + h + "' ignored (allowed columns: " + String.join(",", COLUMNS) + ")");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            String where = "line " + (i + 1);
            if (r.size() == 1 && r.get(0).isBlank()) continue;
            if (r.size() > header.size()) throw DamException.invalid(where + ": more fields than the header has columns");
            count(out);
            String p = cell(r, path);
            String s = cell(r, syn);
            List<String> synonyms = s == null || s.isBlank() ? List.of() : List.of(s.split("\\|"));
            out.add(entry(p, synonyms, cell(r, desc), where));
        }
        return out;
    }

    private static String cell(List<String> row, int i) {
        return i < 0 || i >= row.size() ? null : SpreadsheetCells.unescape(row.get(i));
    }

    private static String writeCsv(List<TermInfo> terms) {
        StringBuilder sb = new StringBuilder("path,synonyms,description\r\n");
        for (TermInfo t : terms) {
            sb.append(cell(t.path())).append(',').append(cell(String.join("|", t.synonyms()))).append(',')
                    .append(cell(t.description() == null ? "" : t.description())).append("\r\n");
        }
        return sb.toString();
    }

    /** A written cell: safe to open in a spreadsheet, then quoted as CSV needs. */
    private static String cell(String text) {
        return Csv.quote(SpreadsheetCells.escape(text));
    }

    // ------------------------------------------------------------------ JSON

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).maxStringLength(MAX_BYTES).build())
            .build());

    private static List<Entry> readJson(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw DamException.invalid("not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
        }
        JsonNode concepts = root == null ? null : root.get("concepts");
        if (concepts == null || !concepts.isArray()) throw DamException.invalid("expected an object with a \"concepts\" array");
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < concepts.size(); i++) {
            String where = "concept " + (i + 1);
            JsonNode c = concepts.get(i);
            if (!c.isObject()) throw DamException.invalid(where + ": expected an object");
            count(out);
            String path = text(c, "path", where);
            String pref = text(c, "prefLabel", where);
            String broader = text(c, "broader", where);
            if (path == null) {
                if (pref == null) throw DamException.invalid(where + ": needs \"prefLabel\" (or \"path\")");
                path = broader == null || broader.isBlank() ? pref : broader + "/" + pref;
            }
            List<String> alt = new ArrayList<>();
            JsonNode a = c.get("altLabel");
            if (a != null && !a.isNull()) {
                if (!a.isArray()) throw DamException.invalid(where + ": \"altLabel\" must be an array of strings");
                for (JsonNode x : a) {
                    if (!x.isTextual()) throw DamException.invalid(where + ": \"altLabel\" must be an array of strings");
                    alt.add(x.asText());
                }
            }
            out.add(entry(path, alt, text(c, "definition", where), where));
        }
        return out;
    }

    private static String text(JsonNode c, String field, String where) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw DamException.invalid(where + ": \"" + field + "\" must be a string");
        return n.asText();
    }

    private static String writeJson(List<TermInfo> terms) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode concepts = root.putArray("concepts");
        java.util.Map<String, List<String>> narrower = new java.util.HashMap<>();
        for (TermInfo t : terms) if (t.parent() != null) narrower.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t.path());
        for (TermInfo t : terms) {
            ObjectNode c = concepts.addObject();
            c.put("prefLabel", t.label());
            c.put("path", t.path());
            if (t.parent() != null) c.put("broader", t.parent());
            if (!t.synonyms().isEmpty()) t.synonyms().forEach(c.putArray("altLabel")::add);
            if (t.description() != null) c.put("definition", t.description());
            List<String> n = narrower.get(t.path());
            if (n != null) n.forEach(c.putArray("narrower")::add);
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);   // a tree of strings always serialises
        }
    }

    // ------------------------------------------------------------------ shared

    private static void count(List<Entry> sofar) {
        if (sofar.size() >= MAX_ENTRIES) throw DamException.tooLarge("the vocabulary file holds more than " + MAX_ENTRIES + " terms");
    }

    /** An entry whose every label is checked, with the place in the file in any error. */
    private static Entry entry(String path, List<String> synonyms, String description, String where) {
        try {
            if (path == null || path.isBlank()) throw DamException.invalid("the path is empty");
            List<String> levels = VocabularyService.levels(path);
            String joined = String.join("/", levels);
            if (joined.length() > VocabularyService.MAX_PATH) {
                throw DamException.invalid("the path is longer than " + VocabularyService.MAX_PATH + " characters (a tag's limit)");
            }
            return new Entry(levels, VocabularyService.synonyms(synonyms), VocabularyService.description(description), where);
        } catch (DamException e) {
            throw DamException.invalid(where + ": " + e.getMessage());
        }
    }
}
