package org.thatdam.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.explorer.Folder;
import org.thatdam.core.explorer.FolderFile;
import org.thatdam.core.explorer.FolderListing;
import org.thatdam.core.explorer.FolderService;
import org.thatdam.server.api.FolderPage;
import org.thatdam.storage.FileNames;
import org.thatdam.storage.PathGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "ls", description = {"List a folder of the library: its folders (assets, duration, size, state), then its files.",
        "Without PATH: the library roots."})
final class LsCommand extends DamCommand {

    @Parameters(arity = "0..1", paramLabel = "PATH", description = "A folder inside a library root.") String path;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "200", description = "At most N files, 1..1000 (default ${DEFAULT-VALUE}).") int limit;
    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Files to skip.") int offset;
    @Option(names = "--json", description = "Print JSON (as the API's GET /api/v1/folders).") boolean json;

    @Override
    int run(Dam dam) {
        String folder = path == null ? null : FolderService.text(PathGuard.parseUserPath(path)).orElseThrow();
        FolderListing l = dam.folders().list(folder, limit, offset);
        if (json) {
            Output.json(out(), FolderPage.of(l));
            return 0;
        }
        if (l.folder() == null) {
            if (l.folders().isEmpty()) out().println("no library roots yet: add one with 'dam roots add DIR'");
            else folders("root", l.folders());
            return 0;
        }
        Folder f = l.folder();
        out().println(FileNames.display(f.path()) + "  " + totals(f) + state(f));
        if (!l.folders().isEmpty()) {
            out().println();
            folders("folder", l.folders());
        }
        if (!l.files().isEmpty()) {
            out().println();
            Output.table(out(), List.of("id", "kind", "status", "duration", "size", "file"), l.files().stream().map(this::row).toList());
        }
        if (l.total() > l.files().size()) {
            out().println("files " + (l.offset() + 1) + "-" + (l.offset() + l.files().size()) + " of " + l.total()
                    + " (see --limit and --offset)");
        }
        return 0;
    }

    private void folders(String header, List<Folder> folders) {
        Output.table(out(), List.of(header, "assets", "duration", "size", "state"), folders.stream()
                .map(x -> List.of(FileNames.display(x.name()) + (x.hasSubfolders() ? "/" : ""), Long.toString(x.assets()),
                        Units.duration(x.durationSec()), Units.bytes(x.sizeBytes()), state(x).strip())).toList());
    }

    private List<String> row(FolderFile f) {
        var a = f.asset();
        return List.of(Long.toString(a.id()), a.kind().id(), f.missing() ? "missing" : a.status().id(),
                Units.duration(a.durationSec()), Units.bytes(a.sizeBytes()), FileNames.display(f.name()));
    }

    private static String totals(Folder f) {
        return f.assets() + " asset(s), " + Units.duration(f.durationSec()) + ", " + Units.bytes(f.sizeBytes());
    }

    private static String state(Folder f) {
        List<String> s = new ArrayList<>();
        if (f.offline()) s.add("offline");
        else if (f.missing()) s.add("missing");
        if (!f.catalogued()) s.add("not catalogued");
        return s.isEmpty() ? "" : "  " + String.join(", ", s);
    }
}
