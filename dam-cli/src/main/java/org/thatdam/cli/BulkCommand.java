package org.thatdam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thatdam.core.Dam;
import org.thatdam.core.bulk.BulkAction;
import org.thatdam.core.bulk.BulkRequest;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.Job;
import org.thatdam.server.api.BulkBody;
import org.thatdam.server.api.BulkView;
import org.thatdam.server.api.JobView;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.thatdam.cli.format.Units;
import org.thatdam.cli.client.ServerClient;

@Command(name = "bulk", description = {
        "Do one thing to many assets at once, as one job with a progress bar and a summary of what failed and why.",
        "The assets: --ids, or --query (and --filter) as the search takes them, resolved when the job starts.",
        "Give exactly one action. While 'dam serve' runs, the job runs in the server."})
final class BulkCommand extends DamCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Option(names = "--ids", paramLabel = "ID,…", split = ",", required = true, description = "Asset ids.")
        List<Long> ids;
        @Option(names = "--query", paramLabel = "QUERY", required = true,
                description = "A search query (\"\" for every asset); at most 100000 matches.")
        String query;
    }

    @Option(names = "--filter", paramLabel = "FACETS", description = "Facet selections with --query, e.g. kind:video batch:\"Trip\".")
    String filter;

    @Option(names = {"--add-tag", "--tag"}, paramLabel = "TAG", arity = "1..*", description = "Add tags (repeatable).") List<String> addTags;
    @Option(names = {"--remove-tag", "--untag"}, paramLabel = "TAG", arity = "1..*", description = "Remove tags (repeatable).") List<String> removeTags;
    @Option(names = "--rating", paramLabel = "0-5", description = "Set the stars; 0 = unrated.") Integer rating;
    @Option(names = "--favourite", negatable = true, description = "Mark as favourites (--no-favourite: unmark).") Boolean favourite;
    @Option(names = "--label", paramLabel = "COLOUR", description = "Set the colour label: red, yellow, green, blue, purple, or none.")
    String label;
    @Option(names = "--set-field", paramLabel = "NAME=VALUE", description = "Set custom fields (repeatable; an empty value clears one).")
    Map<String, String> setFields;
    @Option(names = "--collection", paramLabel = "ID|PATH", description = "Add to this collection (not a smart one).")
    String collection;
    @Option(names = "--regenerate", paramLabel = "KIND,…", split = ",", description = "Make derivatives again: poster, sprite, proxy; or analyse again: scenes, embed, fingerprint.")
    List<String> regenerate;
    @Option(names = "--preset", paramLabel = "NAME", description = "Run an ffmpeg console preset on each (see 'dam ffmpeg presets').")
    String preset;
    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A parameter of --preset (repeatable).")
    Map<String, String> params;
    @Option(names = "--forget", description = "Forget the assets from the catalog (their files stay); needs --yes.") boolean forget;
    @Option(names = "--yes", description = "Confirm --forget.") boolean yes;

    @Option(names = "--json", description = "Print the job's summary as the API's bulk view does.") boolean json;

    @Override
    int run(Dam dam) throws Exception {
        BulkRequest request = request(dam);
        var server = ServerClient.forLibrary(dam.layout(), err());
        boolean bar = !json && ProgressLine.onTerminal();
        BulkView view;
        if (server.isPresent()) {
            view = followOnServer(server.get(), body(request), bar);
        } else {
            long id = dam.bulk().request(request, Actor.commandLine());
            Job job = JobWait.await(dam, id, err(), bar);
            view = new BulkView(JobView.of(job), BulkView.of(dam.bulk().summary(id).orElse(null)));
        }
        if (json) {
            Output.json(out(), view);
        } else if (view.summary() != null) {
            out().println(Units.clean(view.summary().text()));
            for (BulkView.Failure f : view.summary().failed()) {
                out().println("FAILED   asset " + f.assetId() + ": " + Units.clean(f.message()));
            }
        }
        if (!view.job().state().succeeded()) {
            err().println("dam: the bulk action " + view.job().state().id()
                    + (view.job().error() == null ? "" : ": " + Units.clean(view.job().error())));
            return 1;
        }
        return view.summary() != null && view.summary().failedCount() > 0 ? 1 : 0;
    }

    /** The request the options make; exactly one action. */
    BulkRequest request(Dam dam) {
        List<BulkRequest> actions = new ArrayList<>();
        BulkRequest base = selection.ids != null ? BulkRequest.of(selection.ids, null) : BulkRequest.ofQuery(selection.query, filter, null);
        if (selection.ids != null && filter != null) throw DamException.invalid("--filter goes only with --query");
        if (addTags != null) actions.add(as(base, BulkAction.ADD_TAGS).withTags(addTags));
        if (removeTags != null) actions.add(as(base, BulkAction.REMOVE_TAGS).withTags(removeTags));
        if (rating != null) actions.add(as(base, BulkAction.RATING).withRating(rating));
        if (favourite != null) actions.add(as(base, BulkAction.FAVOURITE).withFavourite(favourite));
        if (label != null) actions.add(as(base, BulkAction.LABEL).withLabel(label));
        if (setFields != null) actions.add(as(base, BulkAction.SET_FIELDS).withFields(EditCommand.fields(dam, setFields)));
        if (collection != null) {
            actions.add(as(base, BulkAction.ADD_TO_COLLECTION).withCollection(dam.collections().resolve(collection).id()));
        }
        if (regenerate != null) actions.add(as(base, BulkAction.REGENERATE).withKinds(regenerate));
        if (preset != null) actions.add(as(base, BulkAction.PRESET).withPreset(preset, params));
        if (params != null && preset == null) throw DamException.invalid("--param goes only with --preset");
        if (forget) {
            if (!yes) throw DamException.invalid("--forget forgets every selected asset from the catalog: add --yes to confirm");
            actions.add(as(base, BulkAction.FORGET));
        }
        if (actions.size() != 1) {
            throw DamException.invalid("give exactly one action (--add-tag, --remove-tag, --rating, --favourite, --label, "
                    + "--set-field, --collection, --regenerate, --preset, --forget), not " + (actions.isEmpty() ? "none" : actions.size()));
        }
        return actions.getFirst();
    }

    private static BulkRequest as(BulkRequest base, BulkAction action) {
        return new BulkRequest(base.ids(), base.query(), base.filter(), action, null, null, null, null, null, null, null, null, null);
    }

    static BulkBody body(BulkRequest r) {
        return new BulkBody(r.ids(), r.query(), r.filter(), r.action(), r.tags(), r.rating(), r.favourite(), r.label(),
                r.collection() == null ? null : String.valueOf(r.collection()), r.fields(), r.kinds(), r.preset(), r.params());
    }

    /** Asks the server for the bulk action and follows its job until it ends (a percentage on a terminal). */
    private BulkView followOnServer(ServerClient server, BulkBody body, boolean bar) throws InterruptedException {
        JobView job = server.send("POST", "/api/v1/assets/bulk", body, JobView.class);
        try (TaskProgress progress = new TaskProgress(err(), "bulk " + body.action().id(), bar)) {
            while (true) {
                BulkView view = server.get("/api/v1/assets/bulk/" + job.id(), BulkView.class);
                if (view.job().state().finished()) return view;
                progress.progress(view.job().progress());
                Thread.sleep(200);
            }
        }
    }
}
