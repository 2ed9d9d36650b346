package org.thatdam.cli;

import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.fields.FieldChangeReport;
import org.thatdam.core.fields.FieldSpec;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetKind;
import org.thatdam.model.FieldDefinition;
import org.thatdam.server.api.FieldChangeView;
import org.thatdam.server.api.FieldDeleted;
import org.thatdam.server.api.FieldView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "fields", description = "Custom fields: what assets can say beyond title, tags and description.",
        subcommands = {FieldsCommand.ListFields.class, FieldsCommand.Create.class, FieldsCommand.Edit.class,
                FieldsCommand.Delete.class})
final class FieldsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options a definition is made of; each left out stays as it is (or takes its default). */
    static final class Definition {
        @Option(names = "--label", paramLabel = "TEXT") String label;
        @Option(names = "--required", negatable = true, description = "A value cannot be cleared (--no-required: optional).")
        Boolean required;
        @Option(names = "--kinds", paramLabel = "KIND,…", split = ",", description = "Asset kinds it applies to (default video,audio,image).")
        List<String> kinds;
        @Option(names = "--help-text", paramLabel = "TEXT", description = "Shown next to the field.") String help;
        @Option(names = "--choices", paramLabel = "CHOICE,…", split = ",", description = "The choices of a choice or multi-choice field.")
        List<String> choices;
        @Option(names = "--vocabulary", paramLabel = "BRANCH", description = "Values of a text field must be vocabulary terms under it (\"\" removes it).")
        String vocabulary;
        @Option(names = "--position", paramLabel = "N", description = "Where it goes in the list (0 = first).") Integer position;

        FieldSpec spec(String name, String type) {
            return new FieldSpec(name, label, type, required, kinds, help, choices, vocabulary, position);
        }
    }

    @Command(name = "list", description = "The fields, in their order.")
    static final class ListFields extends DamCommand {
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            List<FieldDefinition> all = dam.fields().list();
            if (json) {
                Output.json(out(), all.stream().map(FieldView::of).toList());
                return 0;
            }
            Output.table(out(), List.of("name", "type", "label", "required", "kinds", "choices"),
                    all.stream().map(d -> List.of(d.name(), d.type().id(), Units.clean(d.label()), d.required() ? "yes" : "no",
                            String.join(",", d.kinds().stream().map(AssetKind::id).toList()),
                            Units.clean(String.join(", ", d.choices())))).toList());
            return 0;
        }
    }

    @Command(name = "create", description = "Define a field. Types: text, long-text, number, date, boolean, choice, "
            + "multi-choice, person, url.")
    static final class Create extends DamCommand {
        @Parameters(paramLabel = "NAME", description = "Its key in searches and the API: a-z, 0-9, '-', '_'.") String name;
        @Option(names = "--type", required = true, paramLabel = "TYPE") String type;
        @picocli.CommandLine.ArgGroup(exclusive = false) Definition def = new Definition();
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            FieldDefinition d = dam.fields().create(def.spec(name, type), Actor.commandLine());
            if (json) Output.json(out(), FieldView.of(d));
            else out().printf("field %s (%s) created%n", d.name(), d.type().id());
            return 0;
        }
    }

    @Command(name = "edit", description = "Change a field. Values that fit the new definition are kept or converted; "
            + "the others are listed and dropped (--dry-run: only listed).")
    static final class Edit extends DamCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--type", paramLabel = "TYPE") String type;
        @picocli.CommandLine.ArgGroup(exclusive = false) Definition def = new Definition();
        @Option(names = "--dry-run", description = "Report what the change would do, without making it.") boolean dryRun;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            FieldChangeReport r = dam.fields().edit(name, def.spec(null, type), dryRun, Actor.commandLine());
            if (json) {
                Output.json(out(), FieldChangeView.of(r));
                return 0;
            }
            out().printf("field %s%s: %d kept, %d converted, %d %s%n", r.field().name(), r.applied() ? "" : " (dry run)",
                    r.kept(), r.converted(), r.unfitCount(), r.applied() ? "dropped" : "would be dropped");
            for (FieldChangeReport.Unfit u : r.unfit()) {
                out().printf("  asset %d: %s: %s%n", u.assetId(), Units.clean(String.valueOf(u.value())), Units.clean(u.reason()));
            }
            if (r.missingRequired() > 0) out().printf("  %d asset(s) lack this required field%n", r.missingRequired());
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a field and every value of it.")
    static final class Delete extends DamCommand {
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            int values = dam.fields().delete(name, Actor.commandLine());
            if (json) Output.json(out(), new FieldDeleted(name.strip(), values));
            else out().printf("field %s deleted (%d value(s))%n", name.strip(), values);
            return 0;
        }
    }
}
