package org.thatdam.cli;

import org.thatdam.model.DamException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.StreamInfo;
import org.thatdam.core.Dam;
import org.thatdam.server.api.MediaView;
import org.thatdam.storage.PathGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "probe", description = "Show the technical metadata of one file without cataloguing it.")
final class ProbeCommand extends DamCommand {

    @Parameters(paramLabel = "FILE")
    String file;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--raw", description = "With --json: include the complete probe answer (ffprobe's JSON shape).")
    boolean raw;

    @Override
    int run(Dam dam) throws Exception {
        Path p = PathGuard.parseUserPath(file);
        if (!Files.exists(p)) throw DamException.notFound("no such file: " + p.toAbsolutePath().normalize());
        if (!Files.isRegularFile(p)) throw DamException.invalid("not a regular file: " + p.toAbsolutePath().normalize());
        MediaInfo mi = dam.prober().probe(p);
        MediaView media = MediaView.of(p.toAbsolutePath().normalize().toString(), mi);
        if (json) {
            Output.json(out(), new Probed(media, raw ? org.thatdam.core.json.Json.mapper().readTree(mi.rawJson()) : null));
            return 0;
        }
        printFields(Output.fields(media));
        out().println();
        Output.table(out(), List.of("#", "type", "codec", "profile", "size", "fps", "pix_fmt", "rate", "ch", "lang"),
                mi.streams().stream().map(ProbeCommand::row).toList());
        return 0;
    }

    /** {@code probe --json}: the API's media view and, with --raw, beside its fields ffprobe's own answer. */
    record Probed(@com.fasterxml.jackson.annotation.JsonUnwrapped MediaView media,
                  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                  com.fasterxml.jackson.databind.JsonNode ffprobe) {}

    void printFields(Map<String, Object> view) {
        view.forEach((k, v) -> {
            if (v != null && !k.equals("streams")) out().printf("%-13s %s%n", k, Units.clean(v.toString()));
        });
    }

    static List<String> row(StreamInfo s) {
        return List.of(s.index() + "", Output.str(s.type()), Output.str(s.codec()), Output.str(s.profile()),
                Units.dims(s.width(), s.height()), Output.str(s.fps()), Output.str(s.pixFmt()),
                Output.str(s.sampleRate()), Output.str(s.channels()), Output.str(s.language()));
    }
}
