package org.thatdam.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import org.thatdam.core.offload.VerifyService;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.storage.PathGuard;
import org.thatdam.storage.mhl.MhlHistory;
import org.thatdam.storage.mhl.MhlVerifier;
import org.thatdam.storage.mhl.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.thatdam.cli.format.Units;

/**
 * {@code dam verify DIR}: reads every file an ASC MHL history records again and compares its hashes.
 * Needs no library: a card copy or a backup is checked wherever it is.
 */
@Command(name = "verify", description = {
        "Check a folder (an offload destination, a backup snapshot) against its ASC MHL history.",
        "Every file recorded in DIR/ascmhl/ is read again and hashed. Lists MISSING, CHANGED and NEW files.",
        "Exit code 0 when every recorded file is there unchanged, 4 when not, 3 when DIR or its ascmhl/ is missing",
        "(a backup folder names its snapshots: verify one of them)."})
final class VerifyCommand implements Callable<Integer> {

    @Mixin GlobalOptions global;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The folder that holds ascmhl/.")
    String dir;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--write", description = "Also record the result as a new in-place generation of the history "
            + "(verified, failed and new files), as ASC MHL tools do when they seal a folder again.")
    boolean write;

    /** {@code verify --json}: the folder, the verdict, a one-line summary, the lists, and the generation written with --write. */
    record Verified(String path, boolean ok, String summary, VerifyReport report, String generation) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path root = PathGuard.parseUserPath(dir).toAbsolutePath().normalize();
        refuseSnapshotParent(root);
        VerifyReport r;
        String generation = null;
        try (TaskProgress bar = new TaskProgress(err, "verify", !json && ProgressLine.onTerminal())) {
            MhlVerifier.Progress progress = VerifyService.progress(bar::progress, () -> false);
            if (write) {
                MhlVerifier.Recorded rec = VerifyService.verifyAndRecord(root, Optional.ofNullable(System.getProperty("user.name")), progress);
                r = rec.report();
                generation = rec.generation().toString();
            } else {
                r = VerifyService.verify(root, progress);
            }
        }
        String summary = VerifyService.summary(r);
        if (json) {
            Output.json(out, new Verified(root.toString(), r.ok(), summary, r, generation));
        } else {
            r.changed().forEach(m -> out.printf("CHANGED  %s  (%s %s, now %s)%n", Units.clean(m.path()), m.format().tag(),
                    m.expected(), Units.clean(m.actual())));
            r.missing().forEach(p -> out.println("MISSING  " + Units.clean(p)));
            r.unchecked().forEach(p -> out.println("UNCHECKED " + Units.clean(p) + "  (only hash formats this program does not compute)"));
            r.added().forEach(p -> out.println("NEW      " + Units.clean(p)));
            out.printf("%s: %s; %d file(s), %s read%n", r.ok() ? "verified" : "NOT verified", summary, r.checked(),
                    Units.bytes(r.bytes()));
            if (generation != null) out.println("recorded " + generation);
        }
        out.flush();
        if (r.ok()) return 0;
        err.println("dam: " + root + " does not match its ASC MHL history: " + summary);
        err.flush();
        return ExitCodes.of(ErrorCode.CONFLICT);
    }

    /** A folder without a hash list of its own whose sub-folders have one (a backup folder): names them. */
    private static void refuseSnapshotParent(Path root) {
        if (!Files.isDirectory(root) || Files.isDirectory(root.resolve(MhlHistory.FOLDER))) return;
        List<String> snapshots;
        try (Stream<Path> s = Files.list(root)) {
            snapshots = s.filter(p -> Files.isDirectory(p.resolve(MhlHistory.FOLDER))).map(p -> p.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            return; // the verification says what is wrong with the folder
        }
        if (snapshots.isEmpty()) return;
        throw DamException.notFound("this is a backup folder; verify one of its snapshots: "
                + String.join(", ", snapshots.stream().map(n -> "dam verify " + root.resolve(n)).toList()));
    }
}
