package org.thatdam.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.BytesRef;
import org.thatdam.model.Searchable;

/**
 * The index's fields, and how an {@link IndexedAsset} becomes a Lucene document. Changing what is
 * indexed means bumping {@link #VERSION}: an index with another version is refused at open and rebuilt.
 */
final class Schema {

    /** Stored in every commit's user data; an index written with another version is rebuilt. */
    static final String VERSION = "4";
    static final String VERSION_KEY = "dam.search.schema";

    // identity
    static final String ID = "id";            // string term, for updateDocument/deleteDocuments
    /** What a document is: {@link #DOC_ASSET} or {@link #DOC_SCENE}; asset queries see asset documents only. */
    static final String DOC = "doc";
    static final String DOC_ASSET = "a";
    static final String DOC_SCENE = "s";
    // scene documents
    static final String OWNER = "owner";      // the asset's id, string term: deleted with it
    static final String OWNER_NUM = "ownern"; // the asset's id, points + doc values: filters, roll-up
    static final String SCENE_ID = "sid";     // string term, for similar:scene:ID
    static final String SCENE_HIT = "shit";   // what a match shows, packed (binary doc value)
    private static final int MAX_SCENE_TEXT = 2000;
    // vectors: prefix + model id + "." + dimensions (a model change with other dimensions gets a new field)
    static final String VECTOR = "v.";
    static final String SCENE_VECTOR = "sv.";
    static final String ID_NUM = "idn";       // points + doc values: tie-break sort

    // free text
    static final String HI = "hi";            // title, file name, tags: ranked highest
    static final String LO = "lo";            // folders, batch, codecs, container, free-text metadata
    static final String PREFIX = "px";        // every prefix of every word of HI and LO
    static final String HI_PAIRS = "hi2";     // adjacent word pairs of HI, for phrases
    static final String LO_PAIRS = "lo2";     // adjacent word pairs of LO

    // exact filters (normalized with Tokens.keyword)
    static final String KIND = "kind";
    static final String STATUS = "status";
    static final String CODEC = "codec";      // video and audio codec
    static final String CONTAINER = "container";
    static final String EXT = "ext";
    static final String BATCH = "batch";
    static final String TAG = "tag";
    static final String RES = "res";
    static final String LABEL = "label";      // colour label id, or NO_LABEL
    static final String IS = "is";            // FAVOURITE, RATED, LABELLED
    static final String NO_LABEL = "none";
    static final String FAVOURITE = "favourite";
    static final String RATED = "rated";
    static final String LABELLED = "labelled";

    // numbers: points (ranges) + doc values (sorting)
    static final String DURATION = "duration";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String FPS = "fps";
    static final String CREATED = "created";   // capture time, epoch milliseconds
    static final String SIZE = "size";
    static final String RATING = "rating";     // 0–5, always present
    static final String NAME_SORT = "name_s";
    static final String NAME_KEY = "name_k";     // the first 8 bytes of NAME_SORT as a number

    // custom fields, the field's name appended: exact values (keyword), numbers and dates (points)
    static final String FIELD_VALUE = "fv.";
    static final String FIELD_NUMBER = "fn.";
    static final String FIELD_DATE = "fd.";     // epoch milliseconds of the day, UTC
    /** Values of choice and boolean fields, "name\u001fvalue", for facets (multi-valued). */
    static final String F_FIELDS = "f_fields";

    // facets: one SortedDocValues field each, single-valued
    static final String F_KIND = "f_kind";
    static final String F_CODEC = "f_codec";
    static final String F_BATCH = "f_batch";
    static final String F_RES = "f_res";
    static final String F_STATUS = "f_status";
    static final String F_YEAR = "f_year";
    static final String F_RATING = "f_rating";
    static final String F_LABEL = "f_label";
    /** Public facet name → doc-values field, in the order results list them. */
    static final Map<String, String> FACETS = orderedFacets();

    /**
     * What a hit shows, packed into one binary doc value: reading it for a page of hits is a plain
     * random read, where stored fields would decompress a block per hit.
     */
    static final String HIT = "hit";
    private static final int MAX_HIT_STRING = 4096;

    static final List<String> RESOLUTIONS = List.of("sd", "hd", "fhd", "4k");

    private static final int MAX_KEYWORD = 1000;
    private static final int MAX_SORT_KEY = 200;

    private static final FieldType PREFIX_TYPE = prefixType();
    /** Words of HI and LO: frequencies and norms for scoring, no positions (phrases use the pair fields). */
    private static final FieldType WORDS_TYPE = wordsType();

    private Schema() {}

    private static Map<String, String> orderedFacets() {
        var m = new java.util.LinkedHashMap<String, String>();
        m.put("kind", F_KIND);
        m.put("codec", F_CODEC);
        m.put("batch", F_BATCH);
        m.put("res", F_RES);
        m.put("status", F_STATUS);
        m.put("year", F_YEAR);
        m.put("rating", F_RATING);
        m.put("label", F_LABEL);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static FieldType wordsType() {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        t.freeze();
        return t;
    }

    private static FieldType prefixType() {
        FieldType t = new FieldType();
        t.setTokenized(true);
        t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        t.setOmitNorms(true);   // only ever scored as a constant
        t.freeze();
        return t;
    }

    static Term idTerm(long id) {
        return new Term(ID, Long.toString(id));
    }

    static Term ownerTerm(long assetId) {
        return new Term(OWNER, Long.toString(assetId));
    }

    /** Every asset document (and no scene document): the filter under every asset query, count and facet. */
    static Query assetDocs() {
        return new TermQuery(new Term(DOC, DOC_ASSET));
    }

    static Query sceneDocs() {
        return new TermQuery(new Term(DOC, DOC_SCENE));
    }

    static String vectorField(String prefix, String model, int dims) {
        return prefix + model + "." + dims;
    }

    /** The asset's document, then one per scene and beat. */
    static List<Document> toDocuments(IndexedAsset a) {
        List<Document> docs = new ArrayList<>(1 + a.scenes().size());
        docs.add(toDocument(a));
        for (IndexedScene sc : a.scenes()) docs.add(sceneDocument(a.id(), sc));
        return docs;
    }

    private static Document sceneDocument(long assetId, IndexedScene sc) {
        Document d = new Document();
        d.add(new StringField(DOC, DOC_SCENE, Field.Store.NO));
        d.add(new StringField(OWNER, Long.toString(assetId), Field.Store.NO));
        d.add(new LongField(OWNER_NUM, assetId, Field.Store.NO));
        d.add(new StringField(SCENE_ID, Long.toString(sc.sceneId()), Field.Store.NO));
        String text = blank(sc.text()) ? null : sc.text().strip();
        if (text != null) {
            text(d, LO, text, WORDS_TYPE);
            text(d, PREFIX, text, PREFIX_TYPE);
        }
        vector(d, SCENE_VECTOR, IndexedAsset.TEXT_MODEL, sc.textVector());
        vector(d, SCENE_VECTOR, IndexedAsset.VISUAL_MODEL, sc.visualVector());
        d.add(new BinaryDocValuesField(SCENE_HIT, encodeScene(assetId, sc, text)));
        return d;
    }

    /** A vector as an HNSW field, scaled to unit length (dot product then is the cosine); unusable ones are left out. */
    private static void vector(Document d, String prefix, String model, float[] v) {
        float[] unit = unit(v);
        if (unit != null) d.add(new KnnFloatVectorField(vectorField(prefix, model, unit.length), unit, VectorSimilarityFunction.DOT_PRODUCT));
    }

    /** {@code v} scaled to length 1, or null when it is missing, empty, zero or not finite. */
    static float[] unit(float[] v) {
        if (v == null || v.length == 0 || v.length > MAX_DIMENSIONS) return null;
        double sum = 0;
        for (float x : v) sum += (double) x * x;
        if (!(sum > 0) || !Double.isFinite(sum)) return null;
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] * inv;
        return out;
    }

    static final int MAX_DIMENSIONS = 4096;

    /** A scene document's match: {sceneId, level, start, end, text}. */
    static BytesRef encodeScene(long assetId, IndexedScene sc, String text) {
        if (text != null && text.length() > MAX_SCENE_TEXT) text = text.substring(0, MAX_SCENE_TEXT);
        byte[] buf = new byte[40 + 3 * len(text)];
        ByteArrayDataOutput out = new ByteArrayDataOutput(buf);
        try {
            out.writeZLong(assetId);
            out.writeZLong(sc.sceneId());
            out.writeVInt(sc.level());
            out.writeLong(Double.doubleToLongBits(sc.startSec()));
            out.writeLong(Double.doubleToLongBits(sc.endSec()));
            string(out, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // cannot happen: the buffer is large enough
        }
        return new BytesRef(buf, 0, out.getPosition());
    }

    /** A scene as a hit's match shows it. */
    record SceneInfo(long assetId, long sceneId, int level, double startSec, double endSec, String text) {}

    static SceneInfo decodeScene(BytesRef b) throws IOException {
        ByteArrayDataInput in = new ByteArrayDataInput(b.bytes, b.offset, b.length);
        long assetId = in.readZLong();
        long sceneId = in.readZLong();
        int level = in.readVInt();
        double start = Double.longBitsToDouble(in.readLong());
        double end = Double.longBitsToDouble(in.readLong());
        return new SceneInfo(assetId, sceneId, level, start, end, string(in, b.bytes));
    }

    static Document toDocument(IndexedAsset a) {
        Document d = new Document();
        d.add(new StringField(ID, Long.toString(a.id()), Field.Store.NO));
        d.add(new StringField(DOC, DOC_ASSET, Field.Store.NO));
        vector(d, VECTOR, IndexedAsset.TEXT_MODEL, a.vectors().get(IndexedAsset.TEXT_MODEL));
        vector(d, VECTOR, IndexedAsset.VISUAL_MODEL, a.vectors().get(IndexedAsset.VISUAL_MODEL));
        d.add(new LongField(ID_NUM, a.id(), Field.Store.NO));

        String path = a.path() == null ? "" : a.path();
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String fileName = path.substring(slash + 1);
        String folders = slash > 0 ? path.substring(0, slash) : "";
        String title = blank(a.title()) ? null : a.title();

        List<String> hi = new ArrayList<>();
        List<String> lo = new ArrayList<>();
        List<String> prefixed = new ArrayList<>();   // values whose words go to the prefix field
        List<String> nameTokens = Tokens.split(fileName);
        List<String> folderTokens = Tokens.split(folders);
        if (title != null) {
            hi.add(title);
            // the title is usually the file name without its extension: its prefixes are already there
            if (!containsRun(nameTokens, Tokens.split(title))) prefixed.add(title);
        }
        if (!fileName.isEmpty()) {
            hi.add(fileName);
            prefixed.add(fileName);
        }
        for (String t : a.tags()) {
            hi.add(t);
            prefixed.add(t);
        }
        if (!folders.isEmpty()) {
            lo.add(folders);
            prefixed.add(folders);
        }
        if (!blank(a.batch())) {
            lo.add(a.batch());
            // the batch is usually the name of a folder on the path
            if (!containsRun(folderTokens, Tokens.split(a.batch()))) prefixed.add(a.batch());
        }
        for (String v : new String[] {a.videoCodec(), a.audioCodec(), a.container(), a.text()}) {
            if (!blank(v)) {
                lo.add(v);
                prefixed.add(v);
            }
        }
        // what is seen and heard in the video finds the video (the scene documents say where)
        Set<String> seen = new LinkedHashSet<>();   // a slide shown over several beats counts once
        for (IndexedScene sc : a.scenes()) {
            if (!blank(sc.text())) {
                String t = sc.text().strip();
                if (t.length() > MAX_SCENE_TEXT) t = t.substring(0, MAX_SCENE_TEXT);
                if (seen.add(t)) {
                    lo.add(t);
                    prefixed.add(t);
                }
            }
        }
        for (Searchable.Field f : a.fields()) {
            if (f.type().hasChoices() || f.type() == org.thatdam.model.FieldType.TEXT
                    || f.type() == org.thatdam.model.FieldType.LONG_TEXT || f.type() == org.thatdam.model.FieldType.PERSON) {
                lo.add(f.text());
                prefixed.add(f.text());
            }
        }
        for (String v : hi) text(d, HI, v, WORDS_TYPE);
        for (String v : lo) text(d, LO, v, WORDS_TYPE);
        for (String v : prefixed) text(d, PREFIX, v, PREFIX_TYPE);

        String kind = keywordOrNull(a.kind());
        String status = keywordOrNull(a.status());
        String vcodec = keywordOrNull(a.videoCodec());
        String acodec = keywordOrNull(a.audioCodec());
        String batch = blank(a.batch()) ? null : a.batch().strip();
        String res = resolution(a.width(), a.height());
        keyword(d, KIND, kind);
        keyword(d, STATUS, status);
        keyword(d, CODEC, vcodec);
        if (acodec != null && !acodec.equals(vcodec)) keyword(d, CODEC, acodec);
        keyword(d, CONTAINER, keywordOrNull(a.container()));
        int dot = fileName.lastIndexOf('.');
        if (dot >= 0 && dot < fileName.length() - 1) keyword(d, EXT, keywordOrNull(fileName.substring(dot + 1)));
        keyword(d, BATCH, keywordOrNull(batch));
        Set<String> tags = new LinkedHashSet<>();
        for (String t : a.tags()) {
            String k = keywordOrNull(t);
            if (k == null) continue;
            // a hierarchical tag is also indexed under each broader path: tag:Places/Europe finds Places/Europe/Lisbon
            int level = -1;
            while ((level = k.indexOf('/', level + 1)) > 0) {
                String broader = k.substring(0, level).strip();
                if (!broader.isEmpty()) tags.add(broader);
            }
            tags.add(k);
        }
        for (String t : tags) keyword(d, TAG, t);
        keyword(d, RES, res);
        keyword(d, LABEL, a.label() == null ? NO_LABEL : a.label());
        if (a.favourite()) keyword(d, IS, FAVOURITE);
        if (a.rating() > 0) keyword(d, IS, RATED);
        if (a.label() != null) keyword(d, IS, LABELLED);
        d.add(new IntField(RATING, a.rating(), Field.Store.NO));
        if (a.rating() > 0) facet(d, F_RATING, Integer.toString(a.rating()));
        facet(d, F_LABEL, a.label());

        fields(d, a.fields());

        facet(d, F_KIND, kind);
        facet(d, F_CODEC, vcodec);
        facet(d, F_BATCH, batch);
        facet(d, F_RES, res);
        facet(d, F_STATUS, status);

        if (a.durationSec() != null && Double.isFinite(a.durationSec())) {
            d.add(new DoubleField(DURATION, a.durationSec(), Field.Store.NO));
        }
        if (a.width() != null) d.add(new IntField(WIDTH, a.width(), Field.Store.NO));
        if (a.height() != null) d.add(new IntField(HEIGHT, a.height(), Field.Store.NO));
        if (a.fps() != null && Double.isFinite(a.fps())) d.add(new DoubleField(FPS, a.fps(), Field.Store.NO));
        if (a.capturedAt() != null) {
            d.add(new LongField(CREATED, a.capturedAt().toEpochMilli(), Field.Store.NO));
            facet(d, F_YEAR, Integer.toString(year(a.capturedAt())));
        }
        d.add(new LongField(SIZE, a.sizeBytes(), Field.Store.NO));
        String sortName = Tokens.keyword(title != null ? title : fileName);
        if (sortName.length() > MAX_SORT_KEY) sortName = sortName.substring(0, MAX_SORT_KEY);
        d.add(new SortedDocValuesField(NAME_SORT, new BytesRef(sortName)));
        d.add(new LongField(NAME_KEY, nameKey(sortName), Field.Store.NO));

        d.add(new BinaryDocValuesField(HIT, encodeHit(a.id(), path, title, kind, status, a.durationSec(), a.width(),
                a.height(), vcodec, batch, a.capturedAt(), a.rating(), a.favourite(), a.label())));
        return d;
    }

    /** Each custom field value: exact (ignoring case), as a number or date for ranges, and as a facet value. */
    private static void fields(Document d, List<Searchable.Field> fields) {
        for (Searchable.Field f : fields) {
            keyword(d, FIELD_VALUE + f.name(), keywordOrNull(f.text()));
            if (f.number() != null && Double.isFinite(f.number())) {
                if (f.type() == org.thatdam.model.FieldType.NUMBER) d.add(new DoubleField(FIELD_NUMBER + f.name(), f.number(), Field.Store.NO));
                if (f.type() == org.thatdam.model.FieldType.DATE) d.add(new LongField(FIELD_DATE + f.name(), f.number().longValue(), Field.Store.NO));
            }
            if (f.type().facetable()) {
                d.add(new SortedSetDocValuesField(F_FIELDS, new BytesRef(cut(f.name() + FIELD_SEPARATOR + f.text()))));
            }
        }
    }

    static final char FIELD_SEPARATOR = '\u001f';

    static BytesRef encodeHit(long id, String path, String title, String kind, String status, Double duration, Integer width,
            Integer height, String videoCodec, String batch, java.time.Instant capturedAt, int rating, boolean favourite,
            String label) {
        byte[] buf = new byte[90 + 3 * (len(path) + len(title) + len(kind) + len(status) + len(videoCodec) + len(batch)
                + len(label))];
        ByteArrayDataOutput out = new ByteArrayDataOutput(buf);
        try {
            out.writeZLong(id);
            string(out, path);
            string(out, title);
            string(out, kind);
            string(out, status);
            string(out, videoCodec);
            string(out, batch);
            boolean hasDuration = duration != null && Double.isFinite(duration);
            // Flag 8 (capture time) came later: hits written before it simply lack it.
            boolean marked = rating > 0 || favourite || label != null;
            out.writeByte((byte) ((hasDuration ? 1 : 0) | (width != null ? 2 : 0) | (height != null ? 4 : 0)
                    | (capturedAt != null ? 8 : 0) | (marked ? 16 : 0)));
            if (hasDuration) out.writeLong(Double.doubleToLongBits(duration));
            if (width != null) out.writeZInt(width);
            if (height != null) out.writeZInt(height);
            if (capturedAt != null) out.writeZLong(capturedAt.toEpochMilli());
            if (marked) {
                out.writeByte((byte) (rating | (favourite ? 8 : 0)));
                string(out, label);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // cannot happen: the buffer is large enough
        }
        return new BytesRef(buf, 0, out.getPosition());
    }

    static SearchHit decodeHit(BytesRef b, float score) throws IOException {
        ByteArrayDataInput in = new ByteArrayDataInput(b.bytes, b.offset, b.length);
        long id = in.readZLong();
        String path = string(in, b.bytes);
        String title = string(in, b.bytes);
        String kind = string(in, b.bytes);
        String status = string(in, b.bytes);
        String videoCodec = string(in, b.bytes);
        String batch = string(in, b.bytes);
        int flags = in.readByte();
        Double duration = (flags & 1) != 0 ? Double.longBitsToDouble(in.readLong()) : null;
        Integer width = (flags & 2) != 0 ? in.readZInt() : null;
        Integer height = (flags & 4) != 0 ? in.readZInt() : null;
        java.time.Instant capturedAt = (flags & 8) != 0 ? java.time.Instant.ofEpochMilli(in.readZLong()) : null;
        int marks = (flags & 16) != 0 ? in.readByte() : 0;
        String label = (flags & 16) != 0 ? string(in, b.bytes) : null;
        return new SearchHit(id, path, title, kind, status, duration, width, height, videoCodec, batch, capturedAt,
                marks & 7, (marks & 8) != 0, label, score);
    }

    private static int len(String s) {
        return s == null ? 0 : Math.min(s.length(), MAX_HIT_STRING);
    }

    private static void string(ByteArrayDataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeVInt(0);
            return;
        }
        if (s.length() > MAX_HIT_STRING) s = s.substring(0, MAX_HIT_STRING);
        BytesRef utf8 = new BytesRef(s);
        out.writeVInt(utf8.length + 1);
        out.writeBytes(utf8.bytes, utf8.offset, utf8.length);
    }

    private static String string(ByteArrayDataInput in, byte[] bytes) throws IOException {
        int n = in.readVInt() - 1;
        if (n < 0) return null;
        String s = new String(bytes, in.getPosition(), n, StandardCharsets.UTF_8);   // getPosition is absolute
        in.skipBytes(n);
        return s;
    }

    /**
     * A text value; when splitting at case changes makes a difference ("GoPro Card", "iPhone") the
     * value is indexed a second time without those splits, so both "go pro" and "gopro" find it.
     */
    private static void text(Document d, String field, String value, FieldType type) {
        String pairs = field.equals(HI) ? HI_PAIRS : field.equals(LO) ? LO_PAIRS : null;
        d.add(new Field(field, value, type));
        if (pairs != null) d.add(new Field(pairs, value, TextField.TYPE_NOT_STORED));
        if (hasCaseSplit(value)) {
            d.add(new Field(field, field.equals(PREFIX) ? new PrefixGramFilter(joined(value)) : joined(value), type));
            if (pairs != null) d.add(new Field(pairs, SearchAnalyzer.pairs(joined(value)), TextField.TYPE_NOT_STORED));
        }
    }

    private static NameTokenizer joined(String value) {
        NameTokenizer t = new NameTokenizer(false);
        t.setReader(new StringReader(value));
        return t;
    }

    /** A lower-case letter followed by an upper-case one, or an upper-case run followed by a lower-case letter. */
    static boolean hasCaseSplit(String v) {
        int upperRun = 0;
        boolean prevLower = false;
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            i += Character.charCount(cp);
            boolean upper = Character.isUpperCase(cp) || Character.isTitleCase(cp);
            boolean lower = Character.isLowerCase(cp);
            if (upper && prevLower) return true;
            if (lower && upperRun >= 2) return true;
            upperRun = upper ? upperRun + 1 : 0;
            prevLower = lower;
        }
        return false;
    }

    /**
     * The first 8 UTF-8 bytes of a sort name, big-endian, shorter names padded with zero bytes, with
     * the sign bit flipped: comparing keys as signed longs orders names as comparing their bytes does.
     */
    static long nameKey(String sortName) {
        byte[] b = sortName.getBytes(StandardCharsets.UTF_8);
        long k = 0;
        for (int i = 0; i < 8; i++) k = (k << 8) | (i < b.length ? b[i] & 0xFF : 0);
        return k ^ Long.MIN_VALUE;
    }

    /** Whether {@code run} occurs in {@code tokens} as consecutive words. */
    static boolean containsRun(List<String> tokens, List<String> run) {
        if (run.isEmpty()) return true;
        outer:
        for (int i = 0; i + run.size() <= tokens.size(); i++) {
            for (int k = 0; k < run.size(); k++) {
                if (!tokens.get(i + k).equals(run.get(k))) continue outer;
            }
            return true;
        }
        return false;
    }

    static int year(Instant t) {
        return t.atOffset(ZoneOffset.UTC).getYear();
    }

    /**
     * Resolution class: the higher of the classes by short side (&lt;720 sd, 720–1079 hd, 1080–2159
     * fhd, ≥2160 4k) and by long side (&lt;1280 sd, 1280–1919 hd, 1920–3839 fhd, ≥3840 4k), so that
     * wide cinema frames (3840×1600, 1920×800) get the class people call them by.
     */
    static String resolution(Integer width, Integer height) {
        if (width == null || height == null || width <= 0 || height <= 0) return null;
        int s = Math.min(width, height);
        int l = Math.max(width, height);
        int byShort = s >= 2160 ? 3 : s >= 1080 ? 2 : s >= 720 ? 1 : 0;
        int byLong = l >= 3840 ? 3 : l >= 1920 ? 2 : l >= 1280 ? 1 : 0;
        return RESOLUTIONS.get(Math.max(byShort, byLong));
    }

    private static void keyword(Document d, String field, String value) {
        if (value != null && !value.isEmpty()) d.add(new StringField(field, value, Field.Store.NO));
    }

    private static void facet(Document d, String field, String value) {
        if (value != null && !value.isEmpty()) d.add(new SortedDocValuesField(field, new BytesRef(cut(value))));
    }

    static String keywordOrNull(String s) {
        if (blank(s)) return null;
        String k = cut(Tokens.keyword(s));
        return k.isEmpty() ? null : k;
    }

    private static String cut(String s) {
        return s.length() > MAX_KEYWORD ? s.substring(0, MAX_KEYWORD) : s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
