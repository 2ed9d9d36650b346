package org.thatdam.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.thatdam.core.Dam;
import org.thatdam.core.library.AssetDetails;
import org.thatdam.core.library.AssetPatch;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.server.api.AssetDetailsView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "edit", description = {
        "Change what people say about one asset: title, description, batch, tags, rating, favourite, colour label,",
        "custom fields.",
        "Options left out leave the asset as it is; the change is checked and audited as an edit in the dashboard is."})
final class EditCommand extends DamCommand {

    @Parameters(paramLabel = "ID|PATH", description = "Asset id, or the path of one of its files.")
    String ref;

    @Option(names = "--title", paramLabel = "TEXT") String title;
    @Option(names = "--description", paramLabel = "TEXT", description = "\"\" removes it.") String description;
    @Option(names = "--batch", paramLabel = "NAME", description = "\"\" removes it.") String batch;
    @Option(names = {"--tag", "--add-tag"}, paramLabel = "TAG", description = "Add a tag (repeatable); Places/Europe/Lisbon is hierarchical.")
    List<String> addTags = new ArrayList<>();
    @Option(names = {"--untag", "--remove-tag"}, paramLabel = "TAG", description = "Remove a tag (repeatable).")
    List<String> removeTags = new ArrayList<>();
    @Option(names = "--tags", paramLabel = "TAG,…", split = ",", description = "Replace all tags (\"\" removes them all).")
    List<String> tags;
    @Option(names = "--rating", paramLabel = "0-5", description = "Stars; 0 = unrated.") Integer rating;
    @Option(names = "--favourite", negatable = true, description = "Mark as a favourite (--no-favourite: unmark).")
    Boolean favourite;
    @Option(names = "--label", paramLabel = "COLOUR", description = "red, yellow, green, blue, purple, or none.")
    String label;
    @Option(names = "--field", paramLabel = "NAME=VALUE", description = "Set a custom field (repeatable); NAME= clears it; "
            + "a multi-choice takes CHOICE,CHOICE.")
    java.util.Map<String, String> fieldValues = new java.util.LinkedHashMap<>();
    @Option(names = "--json", description = "Print the edited asset as JSON.") boolean json;

    @Override
    int run(Dam dam) {
        AssetDetails before = dam.assets().resolve(ref);
        AssetPatch patch = AssetPatch.none().withTitle(title).withDescription(description).withBatch(batch)
                .withTags(tags(before.tags())).withRating(rating).withFavourite(favourite).withLabel(label)
                .withFields(fieldValues.isEmpty() ? null : fields(dam, fieldValues));
        if (patch.fields().equals("nothing")) {
            throw DamException.invalid("nothing to change: give --title, --description, --batch, --tag, --untag, --tags, "
                    + "--rating, --[no-]favourite, --label or --field");
        }
        AssetDetails d = dam.assets().update(before.asset().id(), patch, Actor.commandLine());
        if (json) {
            Output.json(out(), AssetDetailsView.of(d, dv -> dam.assets().path(d, dv)));
        } else {
            var a = d.asset();
            out().printf("asset %d: %s (%s)%n", a.id(), Units.clean(a.title()), patch.fields());
            out().printf("  rating %s  favourite %s  label %s%n", a.rating() == 0 ? "-" : "★".repeat(a.rating()),
                    a.favourite() ? "yes" : "no", a.label() == null ? "-" : a.label().id());
            if (!d.tags().isEmpty()) out().println("  tags " + Units.clean(String.join(", ", d.tags())));
            d.fields().forEach((k, v) -> out().println("  " + k + " " + Units.clean(v instanceof List<?> l
                    ? String.join(", ", l.stream().map(String::valueOf).toList()) : String.valueOf(v))));
        }
        return 0;
    }

    /** The --field values as the field service takes them: a multi-choice's text split at commas. */
    /** NAME=VALUE options as field values (a multiple-choice value split at commas); also for dam bulk. */
    static java.util.Map<String, Object> fields(Dam dam, java.util.Map<String, String> fieldValues) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        java.util.Map<String, org.thatdam.model.FieldType> types = new java.util.HashMap<>();
        dam.fields().list().forEach(f -> types.put(f.name(), f.type()));
        fieldValues.forEach((name, value) -> {
            String key = name.strip().toLowerCase(java.util.Locale.ROOT);
            boolean multi = types.get(key) == org.thatdam.model.FieldType.MULTI_CHOICE;
            out.put(key, multi ? java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList()
                    : value);
        });
        return out;
    }

    /** The new tag list when any tag option is given, else null (tags left alone). */
    private List<String> tags(List<String> current) {
        if (tags == null && addTags.isEmpty() && removeTags.isEmpty()) return null;
        Set<String> out = new LinkedHashSet<>(tags != null ? tags.stream().filter(t -> !t.isBlank()).toList() : current);
        out.addAll(addTags);
        removeTags.forEach(r -> out.removeIf(t -> t.equalsIgnoreCase(r.strip())));
        return List.copyOf(out);
    }
}
