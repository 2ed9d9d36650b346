package org.thatdam.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.thatdam.core.Dam;
import org.thatdam.core.backup.BackupRestore;
import org.thatdam.core.backup.RestoreReport;
import org.thatdam.model.DamException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.thatdam.cli.format.Units;

@Command(name = "restore", description = {
        "Restore a backup into a new library folder (--home, which must be empty or not exist).",
        "The snapshot is first checked against its hash list, then its catalog, configuration and derivatives are copied, the catalog is brought",
        "up to date and the search index is built. The library's roots point at the same folders as before."})
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The backup folder (its newest snapshot is restored) or one snapshot folder in it.")
    Path from;

    @Option(names = "--snapshot", paramLabel = "NAME", description = "The snapshot to restore (a folder name in DIR), not the newest.")
    String snapshot;

    @Option(names = "--force", description = "Restore into a folder that is not empty (it must not hold a library).")
    boolean force;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        GlobalOptions g = GlobalOptions.effective(spec.commandLine());
        if (g.home == null) throw DamException.invalid("say where to restore to: dam restore DIR --home NEWHOME");
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        BackupRestore.Prepared p;
        try (TaskProgress progress = new TaskProgress(err, "checking the backup", !json && ProgressLine.onTerminal())) {
            // the files are copied before anything (a log folder included) is created in the new home
            p = BackupRestore.prepare(from, Optional.ofNullable(snapshot), g.home, force, progress::progress);
        }
        if (!json) err.println("restored files into " + Units.clean(p.home().toString()) + "; building the search index…");
        RestoreReport r;
        try (Dam dam = Dam.open(CliContext.config(g, Map.of()))) {
            r = dam.backups().finishRestore(p, dam.search());
        }
        if (json) {
            Output.json(out, r);
        } else {
            out.printf("restored backup %s into %s: %,d asset(s), %,d indexed, %,d file(s) checked, in %.1f s%n",
                    Units.clean(r.snapshot()), Units.clean(r.home()), r.assets(), r.indexed(), r.filesChecked(), r.durationMs() / 1000.0);
            for (String setting : r.settingsFromBackup()) {
                out.println("setting restored from the backup's dam.toml: " + Units.clean(setting));
            }
            for (String root : r.missingRoots()) {
                out.println("library root not found on this machine: " + Units.clean(root)
                        + " (its assets show as missing until it is there again)");
            }
        }
        out.flush();
        return 0;
    }
}
