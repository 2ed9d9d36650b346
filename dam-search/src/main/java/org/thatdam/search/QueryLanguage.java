package org.thatdam.search;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.thatdam.model.AssetKind;
import org.thatdam.model.AssetStatus;

/**
 * The query language people type, parsed by hand (recursive descent) into a Lucene query. Nothing a
 * person types reaches Lucene's own query syntax: input is either meaningful here or plain text.
 *
 * <pre>
 * query    := or
 * or       := and ( ("OR" | "||") and )*
 * and      := unary ( ["AND" | "&amp;&amp;"] unary )*          juxtaposition means AND
 * unary    := ("-" | "!" | "NOT") unary | "+" unary | primary
 * primary  := "(" or ")" | field ":" value | '"' phrase '"' | "*" | word
 * </pre>
 *
 * A bare word matches as a prefix ({@code vtes} finds vtest.avi) in titles, file names, tags, folders,
 * batch names, codecs, container and free-text metadata; exact matches score above prefix matches,
 * and title/file name/tag matches above the rest. A word that splits into several parts
 * ({@code h264}, {@code vtest.avi}) matches those parts next to each other. A negated word
 * ({@code -draft}) excludes exact matches only (write {@code -draft*} to exclude the prefix).
 */
final class QueryLanguage {

    static final int MAX_TERMS = 64;
    static final int MAX_DEPTH = 32;
    static final int MAX_WORDS_PER_TERM = 32;

    /** Score tiers (see {@link TieredSimilarity}): a title/name/tag match always beats any other. */
    static final float HI_BOOST = 4f;
    static final float LO_BOOST = 1f;

    static final List<String> FIELD_NAMES = List.of("kind", "status", "codec", "container", "ext", "batch", "tag",
            "res", "duration", "width", "height", "fps", "size", "created", "year", "rating", "label", "is", "field", "similar");

    private static final Map<String, String> FIELD_ALIASES = Map.of("tags", "tag", "resolution", "res",
            "extension", "ext", "date", "created");

    private static final List<String> KINDS = Arrays.stream(AssetKind.values()).map(AssetKind::id).toList();
    /** The colour labels, and "none" for assets without one (indexed as such). */
    private static final List<String> LABELS = java.util.stream.Stream.concat(
            Arrays.stream(org.thatdam.model.ColourLabel.values()).map(org.thatdam.model.ColourLabel::id),
            java.util.stream.Stream.of(Schema.NO_LABEL)).toList();
    private static final Map<String, String> FLAGS = Map.of("favourite", Schema.FAVOURITE, "favorite", Schema.FAVOURITE,
            "rated", Schema.RATED, "labelled", Schema.LABELLED, "labeled", Schema.LABELLED);
    private static final List<String> STATUSES = Arrays.stream(AssetStatus.values()).map(AssetStatus::id).toList();
    private static final Map<String, String> RES_ALIASES = Map.ofEntries(
            Map.entry("sd", "sd"), Map.entry("480p", "sd"), Map.entry("576p", "sd"), Map.entry("360p", "sd"),
            Map.entry("hd", "hd"), Map.entry("720p", "hd"),
            Map.entry("fhd", "fhd"), Map.entry("1080p", "fhd"), Map.entry("fullhd", "fhd"),
            Map.entry("4k", "4k"), Map.entry("uhd", "4k"), Map.entry("2160p", "4k"));
    private static final List<Set<String>> CODEC_GROUPS = List.of(
            Set.of("h264", "avc", "avc1", "x264"), Set.of("hevc", "h265", "x265", "hvc1", "hev1"),
            Set.of("mpeg4", "xvid", "divx"), Set.of("av1", "av01"), Set.of("vp9", "vp09"),
            Set.of("mpeg2video", "mpeg2"), Set.of("mpeg1video", "mpeg1"), Set.of("mjpeg", "mjpg"));
    private static final List<Set<String>> CONTAINER_GROUPS = List.of(
            Set.of("matroska", "mkv"), Set.of("jpg", "jpeg"), Set.of("mpegts", "ts", "m2ts", "mts"),
            Set.of("mpeg", "mpg", "vob"), Set.of("tif", "tiff"), Set.of("mp4", "m4v"), Set.of("ogg", "ogv", "oga"),
            Set.of("asf", "wmv", "wma"), Set.of("heif", "heic"));

    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,18}(?:\\.\\d{1,12})?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern NUMBER_UNIT = Pattern.compile("(-?\\d{1,18}(?:\\.\\d{1,12})?)([a-z]*)");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,6}):(\\d{1,2})(?::(\\d{1,2}))?(\\.\\d{1,6})?");
    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?");
    /** A custom field reference: {@code field:NAME:VALUE} or {@code field:NAME=VALUE}. */
    private static final Pattern CUSTOM = Pattern.compile("([A-Za-z][A-Za-z0-9_-]{0,39})([:=])(.*)", Pattern.DOTALL);
    /** The head of a custom field reference whose value is quoted: {@code field:client="Acme Corp"}. */
    private static final Pattern CUSTOM_HEAD = Pattern.compile("(?i)field:[a-z][a-z0-9_-]{0,39}[:=]");

    // ------------------------------------------------------------------ syntax tree

    sealed interface Node permits All, Text, Filter, Not, And, Or, Similar {}

    record All() implements Node {}

    /**
     * A bare word (prefix) or a quoted phrase (exact). {@code variants} holds its words split at case
     * changes and, when different, not split there ("GoPro" → [go, pro] and [gopro]); either matches.
     */
    record Text(List<List<String>> variants, boolean phrase, boolean explicitPrefix) implements Node {}

    /** A field filter: constant score. */
    record Filter(Query query) implements Node {}

    record Not(Node node) implements Node {}

    record And(List<Node> nodes) implements Node {}

    record Or(List<Node> nodes) implements Node {}

    /** {@code similar:ID} or {@code similar:scene:ID}: ranks by closeness to that asset's or scene's stored vectors. */
    record Similar(boolean scene, long id) implements Node {}

    private static final Pattern SIMILAR = Pattern.compile("(?i)(scene:)?(\\d{1,18})");

    /**
     * The result: a Lucene query, whether its scores mean anything (else every match scores the same),
     * and whether matching it reads positions (phrase queries: matching is the expensive part).
     */
    record Parsed(Node node, Query query, boolean scoring, boolean positional, int tooManyTermsAt) {

        Parsed(Node node, Query query, boolean scoring, boolean positional) {
            this(node, query, scoring, positional, -1);
        }

        /**
         * This parse, once its words fit a keyword query: words only sent to an embedder may outnumber
         * {@link #MAX_TERMS}, the keyword query may not.
         *
         * @throws QueryException when the query has more than {@link #MAX_TERMS} terms
         */
        Parsed keyword() {
            if (tooManyTermsAt >= 0) throw tooManyTerms(tooManyTermsAt);
            return this;
        }
    }

    // ------------------------------------------------------------------ lexer

    private enum T { LPAREN, RPAREN, AND, OR, NOT, PLUS, WORD, PHRASE, END }

    private record Tok(T type, String text, int pos, String quotedValue, int quotedPos) {}

    private final String src;
    private final List<Tok> toks = new ArrayList<>();
    private int at;
    private int terms;
    private int filterTerms;
    private int tooManyTermsAt = -1;

    /** What a tag: value means in the vocabulary (its preferred path), or null: searched as well as the value. */
    private final Function<String, Optional<String>> tagMeaning;

    /** The custom fields defined (asked only when the query names one), or null: names not checked. */
    private final java.util.function.Supplier<? extends java.util.Collection<String>> fieldNames;
    private java.util.Collection<String> knownFields;

    private QueryLanguage(String src, Function<String, Optional<String>> tagMeaning,
                          java.util.function.Supplier<? extends java.util.Collection<String>> fieldNames) {
        this.src = src;
        this.tagMeaning = tagMeaning;
        this.fieldNames = fieldNames;
    }

    static Parsed parse(String query) {
        return parse(query, t -> Optional.empty());
    }

    static Parsed parse(String query, Function<String, Optional<String>> tagMeaning) {
        return parse(query, tagMeaning, null);
    }

    /** As {@link #parse(String, Function)}, refusing a {@code field:NAME} that is not among {@code fieldNames} (null: any). */
    static Parsed parse(String query, Function<String, Optional<String>> tagMeaning,
                        java.util.function.Supplier<? extends java.util.Collection<String>> fieldNames) {
        if (query == null) query = "";
        if (query.length() > SearchRequest.MAX_QUERY_LENGTH) {
            throw new QueryException("query is too long: " + query.length() + " characters (at most "
                    + SearchRequest.MAX_QUERY_LENGTH + ")", SearchRequest.MAX_QUERY_LENGTH);
        }
        QueryLanguage p = new QueryLanguage(query, tagMeaning, fieldNames);
        p.lex();
        Node n = p.parseOr(0);
        Tok t = p.peek();
        if (t.type == T.RPAREN) throw new QueryException("unexpected ')' at " + t.pos + " (no matching '(')", t.pos);
        if (n == null) n = new All();
        Query q = compile(n);
        return new Parsed(n, q, scoring(n), positional(q), p.tooManyTermsAt);
    }

    private static boolean positional(Query q) {
        boolean[] found = {false};
        q.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query query, Term... terms) {
                if (query instanceof PhraseQuery) found[0] = true;
            }

            @Override
            public QueryVisitor getSubVisitor(Occur occur, Query parent) {
                return this;
            }
        });
        return found[0];
    }

    private static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || c == 0xFEFF || c == 0x200B;
    }

    private void lex() {
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (c == '(') {
                toks.add(new Tok(T.LPAREN, "(", i, null, -1));
                i++;
            } else if (c == ')') {
                toks.add(new Tok(T.RPAREN, ")", i, null, -1));
                i++;
            } else if (c == '"') {
                int[] end = new int[1];
                String text = quoted(i, end);
                toks.add(new Tok(T.PHRASE, text, i, null, -1));
                i = end[0];
            } else if ((c == '-' || c == '!' || c == '+') && i + 1 < n && !isSpace(src.charAt(i + 1))
                    && src.charAt(i + 1) != ')') {
                toks.add(new Tok(c == '+' ? T.PLUS : T.NOT, String.valueOf(c), i, null, -1));
                i++;
            } else {
                int start = i;
                while (i < n && !isSpace(src.charAt(i)) && src.charAt(i) != '(' && src.charAt(i) != ')'
                        && src.charAt(i) != '"') {
                    i++;
                }
                String w = src.substring(start, i);
                if (i < n && src.charAt(i) == '"' && ((w.endsWith(":") && fieldPrefix(w) == w.length() - 1)
                        || CUSTOM_HEAD.matcher(w).matches())) {
                    int[] end = new int[1];
                    String value = quoted(i, end);
                    toks.add(new Tok(T.WORD, w, start, value, i + 1));
                    i = end[0];
                    continue;
                }
                T type = switch (w) {
                    case "AND", "&&" -> T.AND;
                    case "OR", "||" -> T.OR;
                    case "NOT" -> T.NOT;
                    default -> T.WORD;
                };
                toks.add(new Tok(type, w, start, null, -1));
            }
        }
        toks.add(new Tok(T.END, "", n, null, -1));
    }

    /** The text between the quote at {@code open} and its closing quote; {@code \"} and {@code \\} escape. */
    private String quoted(int open, int[] end) {
        StringBuilder sb = new StringBuilder();
        int i = open + 1;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\' && i + 1 < src.length() && (src.charAt(i + 1) == '"' || src.charAt(i + 1) == '\\')) {
                sb.append(src.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '"') {
                end[0] = i + 1;
                return sb.toString();
            }
            sb.append(c);
            i++;
        }
        throw new QueryException("unbalanced quote at " + open + " (no closing '\"')", open);
    }

    /** Index of the ':' when {@code w} starts with "letters:", else -1. */
    private static int fieldPrefix(String w) {
        int colon = w.indexOf(':');
        if (colon <= 0) return -1;
        for (int i = 0; i < colon; i++) {
            char c = w.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return -1;
        }
        return colon;
    }

    // ------------------------------------------------------------------ parser

    private Tok peek() {
        return toks.get(at);
    }

    private Tok next() {
        return toks.get(at++);
    }

    private Node parseOr(int depth) {
        List<Node> alternatives = new ArrayList<>();
        alternatives.add(parseAnd(depth));
        while (peek().type == T.OR) {
            next();
            alternatives.add(parseAnd(depth));
        }
        List<Node> kept = alternatives.stream().filter(x -> x != null).toList();
        if (kept.isEmpty()) return null;
        return kept.size() == 1 ? kept.get(0) : new Or(kept);
    }

    private Node parseAnd(int depth) {
        List<Node> parts = new ArrayList<>();
        while (true) {
            T t = peek().type;
            if (t == T.END || t == T.RPAREN || t == T.OR) break;
            if (t == T.AND) {
                next();
                continue;
            }
            Node n = parseUnary(depth);
            if (n != null) parts.add(n);
        }
        if (parts.isEmpty()) return null;
        return parts.size() == 1 ? parts.get(0) : new And(parts);
    }

    private Node parseUnary(int depth) {
        boolean negate = false;
        while (peek().type == T.NOT || peek().type == T.PLUS) {
            if (next().type == T.NOT) negate = !negate;
        }
        T t = peek().type;
        if (t == T.END || t == T.RPAREN || t == T.OR || t == T.AND) return null;  // dangling operator: harmless
        Node n = parsePrimary(depth);
        if (n == null) return null;
        return negate ? new Not(n) : n;
    }

    private Node parsePrimary(int depth) {
        Tok t = next();
        switch (t.type) {
            case LPAREN -> {
                if (depth >= MAX_DEPTH) {
                    throw new QueryException("parentheses nested too deeply at " + t.pos + " (at most " + MAX_DEPTH + ")", t.pos);
                }
                Node inner = parseOr(depth + 1);
                Tok close = next();
                if (close.type != T.RPAREN) {
                    throw new QueryException("missing ')' for the '(' at " + t.pos, t.pos);
                }
                return inner;
            }
            case PHRASE -> {
                return text(t.text, true, false, t.pos + 1);
            }
            case WORD -> {
                return word(t);
            }
            default -> throw new QueryException("unexpected '" + t.text + "' at " + t.pos, t.pos);
        }
    }

    private Node word(Tok t) {
        String w = t.text;
        if (w.equals("*")) return new All();
        int colon = fieldPrefix(w);
        if (colon < 0) {
            boolean prefix = w.endsWith("*");
            return text(w, false, prefix, t.pos);
        }
        String name = w.substring(0, colon).toLowerCase(Locale.ROOT);
        String field = FIELD_ALIASES.getOrDefault(name, name);
        if (!FIELD_NAMES.contains(field)) {
            throw new QueryException("unknown field '" + w.substring(0, colon) + "' at " + t.pos + " (fields: "
                    + String.join(", ", FIELD_NAMES) + ")", t.pos);
        }
        if (field.equals("field")) return new Filter(custom(t, colon));
        boolean quoted = t.quotedValue != null;
        String value = quoted ? t.quotedValue : w.substring(colon + 1);
        int valuePos = quoted ? t.quotedPos : t.pos + colon + 1;
        if (value.isBlank()) {
            String what = quoted ? w + "\"\"" : w;
            throw new QueryException("expected a value after '" + what + "' at " + valuePos, valuePos);
        }
        countTerm(t.pos);
        if (field.equals("similar")) {
            Matcher m = SIMILAR.matcher(value.strip());
            if (!m.matches()) {
                throw new QueryException("expected similar:ID or similar:scene:ID at " + valuePos, valuePos);
            }
            return new Similar(m.group(1) != null, Long.parseLong(m.group(2)));
        }
        Value v = new Value(field, w.substring(0, colon + 1), value, valuePos, quoted);
        return new Filter(switch (field) {
            case "kind" -> enumerated(v, Schema.KIND, KINDS, "kind");
            case "status" -> enumerated(v, Schema.STATUS, STATUSES, "status");
            case "res" -> resolution(v);
            case "codec" -> keywords(v, Schema.CODEC, CODEC_GROUPS);
            case "container" -> keywords(v, Schema.CONTAINER, CONTAINER_GROUPS);
            case "ext" -> keywords(v, Schema.EXT, List.of());
            case "batch" -> keywords(v, Schema.BATCH, List.of());
            case "tag" -> keywords(v, Schema.TAG, List.of());
            case "duration" -> decimalRange(v, Schema.DURATION, true);
            case "fps" -> decimalRange(v, Schema.FPS, false);
            case "width" -> intRange(v, Schema.WIDTH);
            case "height" -> intRange(v, Schema.HEIGHT);
            case "size" -> sizeRange(v);
            case "created" -> dateRange(v, false);
            case "year" -> dateRange(v, true);
            case "rating" -> intRange(v, Schema.RATING);
            case "label" -> enumerated(v, Schema.LABEL, LABELS, "colour label");
            case "is" -> flag(v);
            default -> throw new IllegalStateException(field);
        });
    }

    /**
     * {@code field:NAME:VALUE} (or {@code =VALUE}): a custom field's value, matched exactly ignoring
     * case ({@code field:client=acme}, {@code field:client="Acme Corp"}), by prefix ({@code acme*}),
     * any value ({@code *}), alternatives ({@code draft,final}), and for number and date fields
     * compared or ranged as {@code duration:} and {@code created:} are ({@code >=1000}, {@code 10..20},
     * {@code 2026-01..2026-03}; a date stands for its whole year, month or day).
     */
    private Query custom(Tok t, int colon) {
        String rest = t.text.substring(colon + 1);
        int restPos = t.pos + colon + 1;
        Matcher m = CUSTOM.matcher(rest);
        if (!m.matches()) {
            throw new QueryException("expected field:NAME:VALUE or field:NAME=VALUE at " + restPos
                    + " (a name is letters, digits, '-' and '_')", restPos);
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        boolean quoted = t.quotedValue != null;
        String value = quoted ? t.quotedValue : m.group(3);
        int valuePos = quoted ? t.quotedPos : restPos + m.start(3);
        String head = "field:" + name + m.group(2);
        checkField(name, t.pos);
        if (value.isBlank()) {
            throw new QueryException("expected a value after '" + head + (quoted ? "\"\"" : "") + "' at " + valuePos, valuePos);
        }
        countTerm(t.pos);
        Value v = new Value("field", head, value, valuePos, quoted);
        String exact = Schema.FIELD_VALUE + name;
        if (quoted) return new TermQuery(new Term(exact, Schema.keywordOrNull(value) == null ? "" : Schema.keywordOrNull(value)));
        Comparison c = comparison(v);
        if (!c.op.isEmpty() && !c.op.equals("=")) return customRange(v, c, name);
        List<Query> qs = new ArrayList<>();
        for (Object[] alt : alternatives(c.op.equals("=") ? new Value(v.field, v.head + "=", c.a, c.aPos, false) : v)) {
            String raw = ((String) alt[0]).strip();
            if (raw.endsWith("*")) {
                String k = Tokens.keyword(raw.replaceAll("\\*+$", ""));
                qs.add(new PrefixQuery(new Term(exact, k)));
                continue;
            }
            String k = Schema.keywordOrNull(raw);
            if (k != null) qs.add(new TermQuery(new Term(exact, k)));
            if (DECIMAL.matcher(raw).matches()) {
                double x = Double.parseDouble(raw);
                qs.add(DoubleField.newRangeQuery(Schema.FIELD_NUMBER + name, x, x));
            }
            long[] p = DATE.matcher(raw).matches() ? DatePeriod.of(raw) : null;
            if (p != null) qs.add(LongField.newRangeQuery(Schema.FIELD_DATE + name, p[0], p[1] - 1));
        }
        return any(qs);
    }

    /** A field name no definition has would match nothing, silently: say so, naming those there are. */
    private void checkField(String name, int pos) {
        if (fieldNames == null) return;
        if (knownFields == null) knownFields = fieldNames.get();   // read once a query, and only when it names a field
        if (knownFields.contains(name)) return;
        throw new QueryException("unknown field '" + name + "' at " + pos + (knownFields.isEmpty()
                ? " (no custom fields are defined)" : " (fields: " + String.join(", ", knownFields) + ")"), pos);
    }

    /** A comparison or range over a number or date field: each bound read as a number and as a date. */
    private Query customRange(Value v, Comparison c, String name) {
        String fn = Schema.FIELD_NUMBER + name;
        String fd = Schema.FIELD_DATE + name;
        List<Query> qs = new ArrayList<>();
        boolean numbers = (c.a.isBlank() || DECIMAL.matcher(c.a.strip()).matches())
                && (c.b == null || c.b.isBlank() || DECIMAL.matcher(c.b.strip()).matches());
        long[] a = c.a.isBlank() ? null : datePeriod(c.a);
        long[] b = c.b == null || c.b.isBlank() ? null : datePeriod(c.b);
        boolean dates = (c.a.isBlank() || a != null) && (c.b == null || c.b.isBlank() || b != null);
        if (c.op.equals("..") ? c.a.isBlank() && c.b.isBlank() : c.a.isBlank()) throw expected(v, "a number or a date", c.aPos);
        if (!numbers && !dates) throw expected(v, "a number or a date (YYYY, YYYY-MM or YYYY-MM-DD)", c.aPos);
        if (numbers) {
            double x = c.a.isBlank() ? Double.NEGATIVE_INFINITY : Double.parseDouble(c.a.strip());
            qs.add(switch (c.op) {
                case ">" -> DoubleField.newRangeQuery(fn, Math.nextUp(x), Double.POSITIVE_INFINITY);
                case ">=" -> DoubleField.newRangeQuery(fn, x, Double.POSITIVE_INFINITY);
                case "<" -> DoubleField.newRangeQuery(fn, Double.NEGATIVE_INFINITY, Math.nextDown(x));
                case "<=" -> DoubleField.newRangeQuery(fn, Double.NEGATIVE_INFINITY, x);
                default -> DoubleField.newRangeQuery(fn, x,
                        c.b.isBlank() ? Double.POSITIVE_INFINITY : Double.parseDouble(c.b.strip()));
            });
        }
        if (dates) {
            qs.add(switch (c.op) {
                case ">" -> LongField.newRangeQuery(fd, a[1], Long.MAX_VALUE);
                case ">=" -> LongField.newRangeQuery(fd, a[0], Long.MAX_VALUE);
                case "<" -> LongField.newRangeQuery(fd, Long.MIN_VALUE, a[0] - 1);
                case "<=" -> LongField.newRangeQuery(fd, Long.MIN_VALUE, a[1] - 1);
                default -> LongField.newRangeQuery(fd, a == null ? Long.MIN_VALUE : a[0], b == null ? Long.MAX_VALUE : b[1] - 1);
            });
        }
        return any(qs);
    }

    private static long[] datePeriod(String s) {
        String t = s.strip();
        return DATE.matcher(t).matches() ? DatePeriod.of(t) : null;
    }

    private Node text(String s, boolean phrase, boolean explicitPrefix, int pos) {
        List<String> tokens = Tokens.split(s);
        if (tokens.isEmpty()) return null;   // only punctuation: nothing to search for
        if (tokens.size() > MAX_WORDS_PER_TERM) {
            throw new QueryException("too many words in one " + (phrase ? "phrase" : "term") + " at " + pos
                    + " (at most " + MAX_WORDS_PER_TERM + ")", pos);
        }
        countTerm(pos, true);
        List<String> joined = Tokens.split(s, false);
        return new Text(joined.equals(tokens) ? List.of(tokens) : List.of(tokens, joined), phrase, explicitPrefix);
    }

    private void countTerm(int pos) {
        countTerm(pos, false);
    }

    /**
     * Counts a term towards {@link #MAX_TERMS}. Filters are refused at once (every mode compiles them);
     * past the limit with words, the parse only notes where, since words are only sent to an embedder
     * in semantic mode (see {@link Parsed#keyword}).
     */
    private void countTerm(int pos, boolean word) {
        if (!word && ++filterTerms > MAX_TERMS) throw tooManyTerms(pos);
        if (++terms > MAX_TERMS && tooManyTermsAt < 0) tooManyTermsAt = pos;
    }

    private static QueryException tooManyTerms(int pos) {
        return new QueryException("too many search terms at " + pos + " (at most " + MAX_TERMS + ")", pos);
    }

    // ------------------------------------------------------------------ field values

    /** One field's value as typed; {@code head} is "duration:" etc. */
    private record Value(String field, String head, String text, int pos, boolean quoted) {}

    /** Comma-separated alternatives (a quoted value is one alternative), with their positions. */
    private List<Object[]> alternatives(Value v) {
        List<Object[]> out = new ArrayList<>();
        if (v.quoted) {
            out.add(new Object[] {v.text, v.pos});
            return out;
        }
        int start = 0;
        while (start <= v.text.length()) {
            int comma = v.text.indexOf(',', start);
            int end = comma < 0 ? v.text.length() : comma;
            String part = v.text.substring(start, end);
            if (!part.isBlank()) {
                if (!out.isEmpty()) countTerm(v.pos + start);   // each alternative is a term of its own
                out.add(new Object[] {part, v.pos + start});
            }
            if (comma < 0) break;
            start = comma + 1;
        }
        if (out.isEmpty()) throw new QueryException("expected a value after '" + v.head + "' at " + v.pos, v.pos);
        return out;
    }

    private Query enumerated(Value v, String field, List<String> allowed, String what) {
        List<Query> qs = new ArrayList<>();
        for (Object[] alt : alternatives(v)) {
            String k = Tokens.keyword((String) alt[0]);
            if (!allowed.contains(k)) {
                throw new QueryException("unknown " + what + " '" + alt[0] + "' at " + alt[1] + " (expected "
                        + String.join(", ", allowed) + ")", (int) alt[1]);
            }
            qs.add(new TermQuery(new Term(field, k)));
        }
        return any(qs);
    }

    /** {@code is:favourite}, {@code is:rated}, {@code is:labelled}: what people marked. */
    private Query flag(Value v) {
        List<Query> qs = new ArrayList<>();
        for (Object[] alt : alternatives(v)) {
            String f = FLAGS.get(Tokens.keyword((String) alt[0]));
            if (f == null) {
                throw new QueryException("unknown flag 'is:" + alt[0] + "' at " + alt[1]
                        + " (expected favourite, rated or labelled)", (int) alt[1]);
            }
            qs.add(new TermQuery(new Term(Schema.IS, f)));
        }
        return any(qs);
    }

    private Query resolution(Value v) {
        List<Query> qs = new ArrayList<>();
        for (Object[] alt : alternatives(v)) {
            String r = RES_ALIASES.get(Tokens.keyword((String) alt[0]));
            if (r == null) {
                throw new QueryException("unknown resolution '" + alt[0] + "' at " + alt[1]
                        + " (expected sd, hd, fhd or 4k)", (int) alt[1]);
            }
            qs.add(new TermQuery(new Term(Schema.RES, r)));
        }
        return any(qs);
    }

    private Query keywords(Value v, String field, List<Set<String>> groups) {
        List<Query> qs = new ArrayList<>();
        for (Object[] alt : alternatives(v)) {
            String raw = (String) alt[0];
            boolean prefix = !v.quoted && raw.endsWith("*");
            String k = Tokens.keyword(prefix ? raw.replaceAll("\\*+$", "") : raw);
            if (field.equals(Schema.EXT) && k.startsWith(".")) k = k.substring(1);
            if (k.isEmpty()) {
                if (prefix) {   // "tag:*": has any value
                    qs.add(new PrefixQuery(new Term(field, "")));
                    continue;
                }
                throw new QueryException("expected a value after '" + v.head + "' at " + alt[1], (int) alt[1]);
            }
            if (prefix) {
                qs.add(new PrefixQuery(new Term(field, k)));
                continue;
            }
            Set<String> values = new LinkedHashSet<>();
            values.add(k);
            // a synonym or a label of a vocabulary term also finds the term's preferred path (and, as
            // tags index their broader paths, everything under it)
            if (field.equals(Schema.TAG)) tagMeaning.apply(raw).map(Tokens::keyword).ifPresent(values::add);
            String norm = k.replaceAll("[.\\-_ ]", "");
            for (Set<String> g : groups) {
                if (g.contains(k) || g.contains(norm)) values.addAll(g);
            }
            for (String s : values) qs.add(new TermQuery(new Term(field, s)));
        }
        return any(qs);
    }

    private static Query any(List<Query> qs) {
        if (qs.size() == 1) return qs.get(0);
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Query q : qs) b.add(q, Occur.SHOULD);
        return new ConstantScoreQuery(b.build());
    }

    /** An operator and the operand(s) of a numeric value: "&gt;=60", "10..60", "60". */
    private record Comparison(String op, String a, int aPos, String b, int bPos) {}

    private static Comparison comparison(Value v) {
        String s = v.text.strip();
        int pos = v.pos + (v.text.length() - v.text.stripLeading().length());
        for (String op : List.of(">=", "<=", ">", "<", "=")) {
            if (s.startsWith(op)) {
                String rest = s.substring(op.length());
                return new Comparison(op, rest, pos + op.length(), null, -1);
            }
        }
        int dots = s.indexOf("..");
        if (dots >= 0) {
            return new Comparison("..", s.substring(0, dots), pos, s.substring(dots + 2), pos + dots + 2);
        }
        return new Comparison("", s, pos, null, -1);
    }

    private QueryException expected(Value v, String what, int at) {
        String before = at - v.pos >= 0 && at - v.pos <= v.text.length() ? v.text.substring(0, at - v.pos) : "";
        return new QueryException("expected " + what + " after '" + v.head + before + "' at " + at, at);
    }

    /** Double-valued ranges; {@code duration} also takes units (90s, 1.5m, 2h) and clock times (1:30, 1:02:03). */
    private Query decimalRange(Value v, String field, boolean duration) {
        Comparison c = comparison(v);
        if (c.op.equals("..")) {
            if (c.a.isEmpty() && c.b.isEmpty()) throw expected(v, "a number", c.aPos);
            double lo = c.a.isEmpty() ? Double.NEGATIVE_INFINITY : decimal(v, c.a, c.aPos, duration)[0];
            double hi = c.b.isEmpty() ? Double.POSITIVE_INFINITY : decimal(v, c.b, c.bPos, duration)[0];
            return DoubleField.newRangeQuery(field, lo, hi);
        }
        double[] d = decimal(v, c.a, c.aPos, duration);
        double x = d[0];
        return switch (c.op) {
            case ">" -> DoubleField.newRangeQuery(field, Math.nextUp(x), Double.POSITIVE_INFINITY);
            case ">=" -> DoubleField.newRangeQuery(field, x, Double.POSITIVE_INFINITY);
            case "<" -> DoubleField.newRangeQuery(field, Double.NEGATIVE_INFINITY, Math.nextDown(x));
            case "<=" -> DoubleField.newRangeQuery(field, Double.NEGATIVE_INFINITY, x);
            // a bare number matches values that round to it at the precision typed: fps:30 finds 29.97
            default -> DoubleField.newRangeQuery(field, x - d[1] / 2, Math.nextDown(x + d[1] / 2));
        };
    }

    /** {value in seconds or plain, precision (the unit of the last digit typed)}. */
    private double[] decimal(Value v, String s, int pos, boolean duration) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (duration) {
            Matcher clock = CLOCK.matcher(t);
            if (clock.matches()) {
                double a = Double.parseDouble(clock.group(1));
                double b = Double.parseDouble(clock.group(2));
                double secs;
                if (clock.group(3) != null) {
                    secs = a * 3600 + b * 60 + Double.parseDouble(clock.group(3));
                } else {
                    secs = a * 60 + b;
                }
                double precision = 1;
                if (clock.group(4) != null) {
                    secs += Double.parseDouble(clock.group(4));
                    precision = Math.pow(10, -(clock.group(4).length() - 1));
                }
                return new double[] {secs, precision};
            }
            Matcher m = NUMBER_UNIT.matcher(t);
            if (!m.matches()) throw expected(v, "a number", pos);
            double unit = switch (m.group(2)) {
                case "", "s", "sec", "secs", "second", "seconds" -> 1;
                case "m", "min", "mins", "minute", "minutes" -> 60;
                case "h", "hr", "hrs", "hour", "hours" -> 3600;
                default -> throw new QueryException("unknown duration unit '" + m.group(2) + "' at "
                        + (pos + m.start(2)) + " (expected s, m or h)", pos + m.start(2));
            };
            return new double[] {Double.parseDouble(m.group(1)) * unit, precision(m.group(1)) * unit};
        }
        if (!DECIMAL.matcher(t).matches()) throw expected(v, "a number", pos);
        return new double[] {Double.parseDouble(t), precision(t)};
    }

    private static double precision(String number) {
        int dot = number.indexOf('.');
        return dot < 0 ? 1 : Math.pow(10, -(number.length() - dot - 1));
    }

    private Query intRange(Value v, String field) {
        return wholeRange(v, "a whole number", this::integer, Integer.MIN_VALUE, Integer.MAX_VALUE,
                (lo, hi) -> IntField.newRangeQuery(field, (int) lo, (int) hi));
    }

    /** A parser of one bound: the value text and its position, for precise errors. */
    @FunctionalInterface
    private interface Bound {
        long parse(Value v, String text, int pos);
    }

    @FunctionalInterface
    private interface RangeQuery {
        Query between(long lo, long hi);
    }

    /**
     * {@code field:x}, {@code >x}, {@code >=x}, {@code <x}, {@code <=x} and {@code a..b} over whole
     * numbers within [min, max], for int and long fields alike.
     */
    private Query wholeRange(Value v, String what, Bound bound, long min, long max, RangeQuery query) {
        Comparison c = comparison(v);
        if (c.op.equals("..")) {
            if (c.a.isEmpty() && c.b.isEmpty()) throw expected(v, what, c.aPos);
            long lo = c.a.isEmpty() ? min : bound.parse(v, c.a, c.aPos);
            long hi = c.b.isEmpty() ? max : bound.parse(v, c.b, c.bPos);
            return query.between(lo, hi);
        }
        long x = bound.parse(v, c.a, c.aPos);
        return switch (c.op) {
            case ">" -> x == max ? new MatchNoDocsQuery() : query.between(x + 1, max);
            case ">=" -> query.between(x, max);
            case "<" -> x == min ? new MatchNoDocsQuery() : query.between(min, x - 1);
            case "<=" -> query.between(min, x);
            default -> query.between(x, x);
        };
    }

    private int integer(Value v, String s, int pos) {
        String t = s.strip();
        if (!INTEGER.matcher(t).matches()) throw expected(v, "a whole number", pos);
        long x = Long.parseLong(t);
        if (x > Integer.MAX_VALUE || x < Integer.MIN_VALUE) {
            throw new QueryException("number out of range at " + pos + ": " + t, pos);
        }
        return (int) x;
    }

    /** Sizes in bytes; units k/kb/m/mb/g/gb/t/tb are powers of 1000, kib/mib/gib/tib powers of 1024. */
    private Query sizeRange(Value v) {
        return wholeRange(v, "a number", this::bytes, Long.MIN_VALUE, Long.MAX_VALUE,
                (lo, hi) -> LongField.newRangeQuery(Schema.SIZE, lo, hi));
    }

    private long bytes(Value v, String s, int pos) {
        Matcher m = NUMBER_UNIT.matcher(s.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw expected(v, "a number", pos);
        long unit = switch (m.group(2)) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1000L;
            case "kib" -> 1024L;
            case "m", "mb" -> 1000_000L;
            case "mib" -> 1L << 20;
            case "g", "gb" -> 1000_000_000L;
            case "gib" -> 1L << 30;
            case "t", "tb" -> 1000_000_000_000L;
            case "tib" -> 1L << 40;
            default -> throw new QueryException("unknown size unit '" + m.group(2) + "' at " + (pos + m.start(2))
                    + " (expected kb, mb, gb, tb or kib, mib, gib, tib)", pos + m.start(2));
        };
        BigDecimal b = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        try {
            return b.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new QueryException("number out of range at " + pos + ": " + s.strip(), pos);
        }
    }

    /**
     * Dates are YYYY, YYYY-MM or YYYY-MM-DD (UTC) and stand for the whole period: created:2024 is all
     * of 2024, created:&gt;2024-03 is from April 2024 on, created:2024-01..2024-06 is January to June.
     */
    private Query dateRange(Value v, boolean yearOnly) {
        Comparison c = comparison(v);
        String f = Schema.CREATED;
        if (c.op.equals("..")) {
            if (c.a.isEmpty() && c.b.isEmpty()) throw expected(v, yearOnly ? "a year" : "a date", c.aPos);
            long lo = c.a.isEmpty() ? Long.MIN_VALUE : period(v, c.a, c.aPos, yearOnly)[0];
            long hi = c.b.isEmpty() ? Long.MAX_VALUE : period(v, c.b, c.bPos, yearOnly)[1] - 1;
            return LongField.newRangeQuery(f, lo, hi);
        }
        long[] p = period(v, c.a, c.aPos, yearOnly);
        return switch (c.op) {
            case ">" -> LongField.newRangeQuery(f, p[1], Long.MAX_VALUE);
            case ">=" -> LongField.newRangeQuery(f, p[0], Long.MAX_VALUE);
            case "<" -> LongField.newRangeQuery(f, Long.MIN_VALUE, p[0] - 1);
            case "<=" -> LongField.newRangeQuery(f, Long.MIN_VALUE, p[1] - 1);
            default -> LongField.newRangeQuery(f, p[0], p[1] - 1);
        };
    }

    /** {start, end} in epoch milliseconds, end exclusive. */
    private long[] period(Value v, String s, int pos, boolean yearOnly) {
        String t = s.strip();
        Matcher m = DATE.matcher(t);
        String expected = yearOnly ? "expected YYYY" : "expected YYYY, YYYY-MM or YYYY-MM-DD";
        if (t.isEmpty()) throw expected(v, yearOnly ? "a year" : "a date", pos);
        if (!m.matches() || (yearOnly && m.group(2) != null)) {
            throw new QueryException("invalid " + (yearOnly ? "year" : "date") + " '" + t + "' at " + pos + " ("
                    + expected + ")", pos);
        }
        long[] p = DatePeriod.of(t);
        if (p == null) throw new QueryException("invalid date '" + t + "' at " + pos + " (" + expected + ")", pos);
        return p;
    }


    // ------------------------------------------------------------------ compile

    static boolean scoring(Node n) {
        return switch (n) {
            case Text t -> true;
            case All a -> false;
            case Filter f -> false;
            case Not x -> false;
            case And a -> a.nodes.stream().anyMatch(QueryLanguage::scoring);
            case Or o -> o.nodes.stream().anyMatch(QueryLanguage::scoring);
            case Similar x -> false;
        };
    }

    static Query compile(Node n) {
        return switch (n) {
            case All a -> new MatchAllDocsQuery();
            case Similar x -> new MatchAllDocsQuery();   // ranks, does not select
            case Filter f -> f.query;
            case Text t -> t.phrase ? variants(t, QueryLanguage::exact) : variants(t, QueryLanguage::prefixed);
            case Not x -> new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER)
                    .add(negated(x.node), Occur.MUST_NOT).build();
            case And a -> {
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                boolean positive = false;
                for (Node c : a.nodes) {
                    if (c instanceof Not x) {
                        b.add(negated(x.node), Occur.MUST_NOT);
                    } else {
                        b.add(compile(c), scoring(c) ? Occur.MUST : Occur.FILTER);
                        positive = true;
                    }
                }
                if (!positive) b.add(new MatchAllDocsQuery(), Occur.FILTER);
                yield b.build();
            }
            case Or o -> {
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                for (Node c : o.nodes) {
                    Query q = compile(c);
                    b.add(scoring(c) ? q : new BoostQuery(new ConstantScoreQuery(q), 0f), Occur.SHOULD);
                }
                yield b.build();
            }
        };
    }

    /** What "-x" excludes: for a bare word its exact matches (not every word it is a prefix of). */
    private static Query negated(Node n) {
        if (n instanceof Text t && !t.phrase && !t.explicitPrefix) return variants(t, QueryLanguage::exact);
        return compile(n);
    }

    private static Query variants(Text t, java.util.function.Function<List<String>, Query> f) {
        if (t.variants.size() == 1) return f.apply(t.variants.get(0));
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (List<String> v : t.variants) b.add(f.apply(v), Occur.SHOULD);
        return b.build();
    }

    /** The word or phrase exactly, in the high (title, name, tags) or the low fields. */
    static Query exact(List<String> tokens) {
        return new BooleanQuery.Builder()
                .add(new BoostQuery(sequence(Schema.HI, Schema.HI_PAIRS, tokens), HI_BOOST), Occur.SHOULD)
                .add(new BoostQuery(sequence(Schema.LO, Schema.LO_PAIRS, tokens), LO_BOOST), Occur.SHOULD)
                .build();
    }

    /**
     * Matches the tokens as consecutive words anywhere, the last one as a prefix ("vtest.av" finds
     * vtest.avi); exact matches add their score.
     */
    static Query prefixed(List<String> tokens) {
        Query filter;
        if (tokens.size() == 1) {
            filter = new TermQuery(new Term(Schema.PREFIX, cut(tokens.get(0))));
        } else {
            PhraseQuery.Builder b = new PhraseQuery.Builder();
            for (int i = 0; i < tokens.size() - 1; i++) b.add(new Term(Schema.PREFIX, tokens.get(i) + PrefixGramFilter.EXACT));
            b.add(new Term(Schema.PREFIX, cut(tokens.get(tokens.size() - 1))));
            filter = b.build();
        }
        return new BooleanQuery.Builder()
                .add(filter, Occur.FILTER)
                .add(new BoostQuery(sequence(Schema.HI, Schema.HI_PAIRS, tokens), HI_BOOST), Occur.SHOULD)
                .add(new BoostQuery(sequence(Schema.LO, Schema.LO_PAIRS, tokens), LO_BOOST), Occur.SHOULD)
                .build();
    }

    /** One word: a term of {@code field}; several: the chain of their adjacent pairs in {@code pairs}. */
    private static Query sequence(String field, String pairs, List<String> tokens) {
        if (tokens.size() == 1) return new TermQuery(new Term(field, tokens.get(0)));
        if (tokens.size() == 2) return new TermQuery(new Term(pairs, tokens.get(0) + " " + tokens.get(1)));
        PhraseQuery.Builder b = new PhraseQuery.Builder();
        for (int i = 0; i + 1 < tokens.size(); i++) b.add(new Term(pairs, tokens.get(i) + " " + tokens.get(i + 1)));
        return b.build();
    }

    /** The prefix field holds prefixes up to MAX_PREFIX characters: a longer search word is cut to that. */
    private static String cut(String token) {
        return token.length() > SearchAnalyzer.MAX_PREFIX ? token.substring(0, SearchAnalyzer.MAX_PREFIX) : token;
    }

    // ------------------------------------------------------------------ semantic parts

    /** The query's {@code similar:} term, or null; refused when negated, alternated or repeated. */
    static Similar similar(Node n) {
        List<Similar> found = new ArrayList<>();
        collectSimilar(n, found, true);
        if (found.size() > 1) throw new QueryException("only one similar: term per query at 0", 0);
        return found.isEmpty() ? null : found.get(0);
    }

    private static void collectSimilar(Node n, List<Similar> found, boolean plain) {
        switch (n) {
            case Similar x -> {
                if (!plain) throw new QueryException("similar: can only be combined with AND at 0", 0);
                found.add(x);
            }
            case And a -> a.nodes.forEach(c -> collectSimilar(c, found, plain));
            case Or o -> o.nodes.forEach(c -> collectSimilar(c, found, false));
            case Not x -> collectSimilar(x.node, found, false);
            default -> { }
        }
    }

    /** The words and phrases the query asks for (not those it excludes), to embed: "" when none. */
    static String words(Node n) {
        List<String> out = new ArrayList<>();
        collectWords(n, out);
        return String.join(" ", out);
    }

    private static void collectWords(Node n, List<String> out) {
        switch (n) {
            case Text t -> out.add(String.join(" ", t.variants.get(0)));
            case And a -> a.nodes.forEach(c -> collectWords(c, out));
            case Or o -> o.nodes.forEach(c -> collectWords(c, out));
            default -> { }
        }
    }

    /** The query without its words: what every vector match must also satisfy (field filters, exclusions). */
    static Query filters(Node n) {
        Node f = withoutWords(n);
        return compile(f == null ? new All() : f);
    }

    private static Node withoutWords(Node n) {
        return switch (n) {
            case Text t -> null;
            case And a -> {
                List<Node> kept = a.nodes.stream().map(QueryLanguage::withoutWords).filter(x -> x != null).toList();
                yield kept.isEmpty() ? null : kept.size() == 1 ? kept.get(0) : new And(kept);
            }
            case Or o -> {
                List<Node> kept = o.nodes.stream().map(QueryLanguage::withoutWords).toList();
                yield kept.contains(null) ? null : new Or(kept);   // one side without filters: no filter at all
            }
            default -> n;
        };
    }

    /** Only the query's words (filters dropped), to find the scenes whose text matched; null when it has none. */
    static Query wordsOnly(Node n) {
        Node w = onlyWords(n);
        return w == null ? null : compile(w);
    }

    private static Node onlyWords(Node n) {
        return switch (n) {
            case Text t -> t;
            case And a -> {
                List<Node> kept = a.nodes.stream().map(QueryLanguage::onlyWords).filter(x -> x != null).toList();
                yield kept.isEmpty() ? null : kept.size() == 1 ? kept.get(0) : new And(kept);
            }
            case Or o -> {
                List<Node> kept = o.nodes.stream().map(QueryLanguage::onlyWords).filter(x -> x != null).toList();
                yield kept.isEmpty() ? null : kept.size() == 1 ? kept.get(0) : new Or(kept);
            }
            default -> null;
        };
    }
}
