package org.thatdam.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;

import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thatdam.core.text.SpreadsheetCells;
import org.thatdam.core.Dam;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.json.Json;
import org.thatdam.model.Searchable;
import org.thatdam.core.fields.FieldRules;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.FieldView;
import org.thatdam.server.api.CollectionView;
import org.thatdam.server.api.Schemas;
import org.thatdam.storage.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dump", description = "Export the whole catalog (one row per asset, with its tags and custom field values) "
        + "as JSON or CSV, streamed; or a definition list (--what fields), the recorded takes (--what takes) or the live "
        + "sources (--what sources, never their credentials).")
final class DumpCommand extends DamCommand {

    enum Format { json, csv }

    /** What to export: the assets (default), or one of the library's definitions. */
    enum What { assets, collections, fields, vocabulary, takes, sources }

    @Option(names = "--format", paramLabel = "json|csv", defaultValue = "json") Format format;
    @Option(names = "--what", paramLabel = "WHAT", defaultValue = "assets",
            description = "What to export: ${COMPLETION-CANDIDATES} (default assets).") What what;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE (atomically) instead of stdout.")
    Path output;

    @Override
    int run(Dam dam) throws IOException {
        if (output != null) {
            Path target = output.toAbsolutePath().normalize();
            AtomicFiles.writeUserFile(target, os -> write(dam, new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8)));
            err().println("wrote " + target);
        } else {
            write(dam, out());
        }
        return 0;
    }

    /**
     * One asset as the dump writes it: the listing's fields, then what people said about it (custom
     * fields by name), and the paths of its collections.
     */
    record AssetRow(@JsonUnwrapped AssetSummary asset, List<String> tags, @Nullable String description,
                    Map<String, Object> fields, List<String> collections) {

        static List<String> columns() {
            List<String> c = new ArrayList<>(Schemas.fieldNames(AssetSummary.class));
            c.addAll(List.of("tags", "description", "fields", "collections"));
            return c;
        }

        static AssetRow of(Searchable x, Map<Long, List<String>> collections) {
            Map<String, List<String>> texts = new java.util.LinkedHashMap<>();
            Map<String, org.thatdam.model.FieldType> types = new java.util.HashMap<>();
            for (Searchable.Field f : x.fields()) {
                texts.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f.text());
                types.put(f.name(), f.type());
            }
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            texts.forEach((name, t) -> fields.put(name, FieldRules.value(types.get(name), t)));
            return new AssetRow(AssetSummary.of(x.asset()), x.tags(), x.description(), fields,
                    collections.getOrDefault(x.asset().id(), List.of()));
        }
    }

    private void write(Dam dam, Writer w) throws IOException {
        SequenceWriter seq = format == Format.json
                ? Json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValuesAsArray(w)
                : csvWriter(w, switch (what) {
                    case assets -> AssetRow.columns();
                    case fields -> Schemas.fieldNames(FieldView.class);
                    case collections -> Schemas.fieldNames(CollectionView.class);
                    case vocabulary -> Schemas.fieldNames(org.thatdam.server.api.VocabularyTermView.class);
                    case takes -> Schemas.fieldNames(org.thatdam.model.CaptureTake.class);
                    case sources -> Schemas.fieldNames(org.thatdam.model.LiveSource.class);
                });
        try (seq) {
            switch (what) {
                case assets -> {
                    Map<Long, List<String>> in = dam.collections().pathsByAsset(); // one read, not one per asset
                    dam.assets().forEachDescribed(x -> row(seq, AssetRow.of(x, in)));
                }
                case collections -> dam.collections().list().forEach(c -> row(seq, CollectionView.of(c)));
                case fields -> dam.fields().list().forEach(d -> row(seq, FieldView.of(d)));
                case vocabulary -> dam.vocabulary().terms().forEach(t -> row(seq, org.thatdam.server.api.VocabularyTermView.of(t)));
                case takes -> dam.capture().takes(org.thatdam.core.capture.CaptureService.ALL_TAKES).forEach(t -> row(seq, t));
                case sources -> dam.capture().sources().sources().forEach(src -> row(seq, src));
            }
        }
        w.write('\n');
        w.flush();
    }

    private void row(SequenceWriter seq, Object row) {
        try {
            seq.write(format == Format.csv ? csvRow(Output.fields(row)) : row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SequenceWriter csvWriter(Writer w, List<String> columns) throws IOException {
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        for (String c : columns) b.addColumn(c);
        CsvMapper mapper = new CsvMapper();
        mapper.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return mapper.writer(b.build()).writeValues(w);
    }

    /**
     * CSV cells are plain strings: times as ISO-8601, lists joined with "|", objects as JSON; numbers stay
     * numbers, and text a spreadsheet would run as a formula is escaped (SpreadsheetCells).
     */
    private static List<Object> csvRow(Map<String, Object> row) {
        return row.values().stream().map(v -> (Object) switch (v) {
            case null -> "";
            case Number n -> n;
            case List<?> l -> SpreadsheetCells.escape(String.join("|", l.stream().map(String::valueOf).toList()));
            case Map<?, ?> m -> Json.text(m);
            default -> SpreadsheetCells.escape(v.toString());
        }).toList();
    }

}
