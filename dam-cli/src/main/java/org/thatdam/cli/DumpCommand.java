package org.thatdam.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;

import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.thatdam.core.Dam;
import org.thatdam.core.json.Json;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.Schemas;
import org.thatdam.storage.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dump", description = "Export the whole catalog (one row per asset) as JSON or CSV, streamed.")
final class DumpCommand extends DamCommand {

    enum Format { json, csv }

    @Option(names = "--format", paramLabel = "json|csv", defaultValue = "json") Format format;
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

    private void write(Dam dam, Writer w) throws IOException {
        SequenceWriter seq = format == Format.json
                ? Json.mapper().writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValuesAsArray(w)
                : csvWriter(w);
        try (seq) {
            dam.assets().forEach(a -> {
                try {
                    AssetSummary row = AssetSummary.of(a);
                    seq.write(format == Format.csv ? csvRow(Output.fields(row)) : row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        w.write('\n');
        w.flush();
    }

    private static SequenceWriter csvWriter(Writer w) throws IOException {
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        for (String c : Schemas.fieldNames(AssetSummary.class)) b.addColumn(c);
        CsvMapper mapper = new CsvMapper();
        mapper.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return mapper.writer(b.build()).writeValues(w);
    }

    /** CSV cells are plain strings; times as ISO-8601. */
    private static List<Object> csvRow(Map<String, Object> row) {
        return row.values().stream().map(v -> (Object) (v == null ? "" : v.toString())).toList();
    }

}
