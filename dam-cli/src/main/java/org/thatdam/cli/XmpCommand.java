package org.thatdam.cli;

import java.util.ArrayList;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.xmp.XmpStatus;
import org.thatdam.model.Actor;
import org.thatdam.server.api.XmpView;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "xmp", description = "An asset's XMP sidecar: where it is, when it was last read or written, conflicts, markers.",
        subcommands = XmpCommand.Write.class)
final class XmpCommand extends DamCommand {

    // Optional here only so that "dam xmp write …" reaches its subcommand; without one it is required.
    @Parameters(paramLabel = "ID|PATH", arity = "0..1", description = "Asset id, or the path of one of its files.")
    String ref;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    int run(Dam dam) {
        if (ref == null) throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'ID|PATH'");
        AssetDetails d = dam.assets().resolve(ref);
        print(this, XmpView.of(dam.xmp().status(d.asset().id())), json);
        return 0;
    }

    static void print(DamCommand c, XmpView v, boolean json) {
        if (json) {
            Output.json(c.out(), v);
            return;
        }
        c.out().printf("asset       %d%n", v.assetId());
        c.out().printf("source      %s%n", v.source());
        c.out().printf("sidecar     %s%n", Units.clean(Output.str(v.sidecar())));
        c.out().printf("last sync   %s%n", Output.str(v.lastSync()));
        c.out().printf("write-back  %s%n", v.writeBack() ? "on" : "off (xmp.write-sidecars)");
        if (v.error() != null) c.out().printf("error       %s%n", Units.clean(v.error()));
        if (v.logComment() != null) c.out().printf("log comment %s%n", Units.clean(v.logComment()));
        if (!v.conflicts().isEmpty()) {
            c.out().println();
            Output.table(c.out(), List.of("conflict", "catalog", "sidecar", "kept"), v.conflicts().stream()
                    .map(x -> List.of(x.field(), Units.clean(x.catalog()), Units.clean(x.sidecar()), x.kept())).toList());
        }
        if (!v.markers().isEmpty()) {
            c.out().println();
            Output.table(c.out(), List.of("marker", "start", "seconds", "comment"), v.markers().stream()
                    .map(m -> List.of(Units.clean(Output.str(m.name())), Output.str(m.start()), Output.str(m.seconds()),
                            Units.clean(Output.str(m.comment())))).toList());
        }
    }

    @Command(name = "write", description = "Write the sidecar of one asset, or of all, now (merging what other tools "
            + "changed in it), also when xmp.write-sidecars is off. Exit code 1 when a sidecar could not be written.")
    static final class Write extends DamCommand {

        static final class Target {
            @Parameters(paramLabel = "ID|PATH", description = "Asset id, or the path of one of its files.")
            String ref;

            @Option(names = "--all", description = "Every asset whose file is present.")
            boolean all;
        }

        @ArgGroup(multiplicity = "1")
        Target target;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        int run(Dam dam) {
            if (!target.all) {
                XmpView v = XmpView.of(dam.xmp().write(dam.assets().resolve(target.ref).asset().id(), Actor.commandLine()));
                print(this, v, json);
                return v.error() == null ? 0 : 1;
            }
            List<Long> ids = new ArrayList<>();
            dam.assets().forEach(a -> {
                if (a.status() != org.thatdam.model.AssetStatus.MISSING) ids.add(a.id());
            });
            int written = 0;
            List<XmpView> failed = new ArrayList<>();
            for (long id : ids) {
                XmpStatus s = dam.xmp().write(id, Actor.commandLine());
                if (s.error() == null) written++;
                else failed.add(XmpView.of(s));
            }
            if (json) {
                Output.json(out(), java.util.Map.of("written", written, "failed", failed));
            } else {
                out().printf("%d sidecars written, %d failed%n", written, failed.size());
                for (XmpView f : failed) out().printf("  asset %d: %s%n", f.assetId(), Units.clean(f.error()));
            }
            return failed.isEmpty() ? 0 : 1;
        }
    }
}
