package org.thatdam.cli;

import java.util.ArrayList;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.collections.CollectionAssets;
import org.thatdam.core.collections.CollectionSummary;
import org.thatdam.core.collections.NewCollection;
import org.thatdam.model.Actor;
import org.thatdam.model.AssetCollection;
import org.thatdam.model.DamException;
import org.thatdam.server.api.AssetPage;
import org.thatdam.server.api.AssetSummary;
import org.thatdam.server.api.CollectionDetailsView;
import org.thatdam.server.api.CollectionView;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;
import org.thatdam.cli.client.ServerClient;

/** Collections from the command line; a collection is named by its id or its path ({@code "Project/Day 1"}). */
@Command(name = "collections", description = "Nested, ordered collections of assets, and smart ones that keep a search.",
        subcommands = {CollectionsCommand.ListCollections.class, CollectionsCommand.Show.class, CollectionsCommand.Create.class,
                CollectionsCommand.Add.class, CollectionsCommand.Remove.class, CollectionsCommand.Move.class,
                CollectionsCommand.Order.class, CollectionsCommand.Delete.class})
final class CollectionsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final List<String> HEADERS = List.of("id", "path", "kind", "items", "sub", "cover", "query");

    static List<String> row(CollectionSummary s) {
        AssetCollection c = s.collection();
        return List.of(c.id() + "", Units.clean(s.path()), c.smart() ? "smart" : "items", c.smart() ? "-" : c.items() + "",
                c.children() + "", s.cover() == null ? "-" : s.cover() + "", c.smart() ? Units.clean(c.query()) : "");
    }

    /** Asset ids of the arguments, each an id or a catalogued file's path. */
    static List<Long> assetIds(Dam dam, List<String> refs) {
        List<Long> ids = new ArrayList<>();
        for (String r : refs) ids.add(dam.assets().resolve(r).asset().id());
        return ids;
    }

    @Command(name = "list", description = "Every collection as a tree (paths), with counts.")
    static final class ListCollections extends DamCommand {
        @Option(names = "--json", description = "Print the collections as the API answers them.") boolean json;

        @Override
        int run(Dam dam) {
            List<CollectionSummary> all = dam.collections().list();
            if (json) Output.json(out(), all.stream().map(CollectionView::of).toList());
            else Output.table(out(), HEADERS, all.stream().map(CollectionsCommand::row).toList());
            return 0;
        }
    }

    @Command(name = "show", description = "One collection: its description, sub-collections and assets (in their order).")
    static final class Show extends DamCommand {
        @Parameters(paramLabel = "COLLECTION", description = "id or path, e.g. 'Project/Day 1'") String ref;
        @Option(names = "--limit", defaultValue = "1000") int limit;
        @Option(names = "--offset", defaultValue = "0") int offset;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) throws InterruptedException {
            CollectionSummary c = dam.collections().resolve(ref);
            List<CollectionSummary> children = dam.collections().children(c.id());
            CollectionAssets page = assets(dam, c);
            if (json) {
                Output.json(out(), new ShowView(new CollectionDetailsView(CollectionView.of(c), children.stream().map(CollectionView::of).toList()),
                        new AssetPage(page.total(), limit, offset, page.items().stream().map(AssetSummary::of).toList())));
                return 0;
            }
            out().printf("%s (%d)%s%n", Units.clean(c.path()), c.id(), c.collection().smart() ? "  smart: " + Units.clean(c.collection().query()) : "");
            if (!c.collection().description().isEmpty()) out().println(Units.clean(c.collection().description()));
            if (!children.isEmpty()) {
                out().println();
                Output.table(out(), HEADERS, children.stream().map(CollectionsCommand::row).toList());
            }
            out().println();
            out().printf("%d asset(s)%n", page.total());
            ListCommand.table(this, page.items());
            return 0;
        }

        /**
         * A page of the collection's assets. A smart collection's are its search's results: while a server owns the
         * search index they are asked of it (then read from the catalog, in its order), before anything is printed.
         */
        private CollectionAssets assets(Dam dam, CollectionSummary c) throws InterruptedException {
            if (!c.collection().smart()) return dam.collections().assets(c.id(), limit, offset);
            var server = ServerClient.forLibrary(dam.layout(), err());
            if (server.isEmpty()) return dam.collections().assets(c.id(), limit, offset);
            AssetPage served = server.get().collectionAssets(c.id(), limit, offset);
            // an asset forgotten since the server answered is left out, as a search leaves it out
            List<org.thatdam.model.Asset> items = served.items().stream().map(a -> dam.assets().details(a.id()))
                    .flatMap(java.util.Optional::stream).map(org.thatdam.core.library.AssetDetails::asset).toList();
            return new CollectionAssets(served.total(), items);
        }
    }

    /** What {@code show --json} prints: the collection with its sub-collections, and a page of its assets. */
    record ShowView(CollectionDetailsView collection, AssetPage assets) {}

    @Command(name = "create", description = "Create a collection; with --query or --saved-search a smart one (its assets are that search's live results).")
    static final class Create extends DamCommand {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "left out with --saved-search: the saved search's name") String name;
        @Option(names = "--parent", paramLabel = "ID|PATH", description = "the collection to create it in") String parent;
        @Option(names = "--description") String description;
        @ArgGroup(exclusive = true) Smart smart;
        @Option(names = "--json") boolean json;

        static final class Smart {
            @Option(names = "--query", paramLabel = "Q", description = "a search query, e.g. 'kind:video beach'") String query;
            @Option(names = "--saved-search", paramLabel = "NAME|ID", description = "a saved search (any account's, by name or id)") String saved;
        }

        @Override
        int run(Dam dam) {
            Long parentId = parent == null ? null : dam.collections().resolve(parent).id();
            CollectionSummary made;
            if (smart != null && smart.saved != null) {
                made = dam.collections().createFromSavedSearch(name, description, parentId, smart.saved, Actor.commandLine());
            } else {
                if (name == null) throw DamException.invalid("give the new collection a NAME");
                made = dam.collections().create(new NewCollection(name, description, parentId, smart == null ? null : smart.query, null),
                        Actor.commandLine());
            }
            if (json) Output.json(out(), CollectionView.of(made));
            else out().printf("created collection %d: %s%n", made.id(), Units.clean(made.path()));
            return 0;
        }
    }

    /** Adding and taking out: the same arguments and answer, one service call apart. */
    abstract static class Membership extends DamCommand {
        @Parameters(index = "0", paramLabel = "COLLECTION") String ref;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ASSET") List<String> assets;
        @Option(names = "--json") boolean json;

        abstract int change(Dam dam, long collectionId, List<Long> assetIds);

        /** "added 3 asset(s) to Film/Day 1". */
        abstract String said(int n, String path);

        @Override
        int run(Dam dam) {
            CollectionSummary c = dam.collections().resolve(ref);
            int n = change(dam, c.id(), assetIds(dam, assets));
            if (json) Output.json(out(), new org.thatdam.server.api.CollectionAssetsChanged(n, CollectionView.of(dam.collections().get(c.id()))));
            else out().println(said(n, Units.clean(c.path())));
            return 0;
        }
    }

    @Command(name = "add", description = "Add assets (ids or file paths) to a collection, after its last item.")
    static final class Add extends Membership {
        @Override
        int change(Dam dam, long collectionId, List<Long> assetIds) {
            return dam.collections().addAssets(collectionId, assetIds, Actor.commandLine());
        }

        @Override
        String said(int n, String path) {
            return "added " + n + " asset(s) to " + path;
        }
    }

    @Command(name = "remove", description = "Take assets out of a collection (they stay in the library).")
    static final class Remove extends Membership {
        @Override
        int change(Dam dam, long collectionId, List<Long> assetIds) {
            return dam.collections().removeAssets(collectionId, assetIds, Actor.commandLine());
        }

        @Override
        String said(int n, String path) {
            return "removed " + n + " asset(s) from " + path;
        }
    }

    @Command(name = "move", description = "Move a collection into another (--to) or to the top level (--root).")
    static final class Move extends DamCommand {
        @Parameters(paramLabel = "COLLECTION") String ref;
        @ArgGroup(exclusive = true, multiplicity = "1") Where where;
        @Option(names = "--json") boolean json;

        static final class Where {
            @Option(names = "--to", paramLabel = "PARENT", description = "id or path of the new parent") String to;
            @Option(names = "--root", description = "to the top level") boolean root;
        }

        @Override
        int run(Dam dam) {
            CollectionSummary c = dam.collections().resolve(ref);
            Long parentId = where.root ? null : dam.collections().resolve(where.to).id();
            CollectionSummary moved = dam.collections().move(c.id(), parentId, Actor.commandLine());
            if (json) Output.json(out(), CollectionView.of(moved));
            else out().printf("moved %s to %s%n", Units.clean(c.path()), Units.clean(moved.path()));
            return 0;
        }
    }

    @Command(name = "order", description = "Set the order of a collection's items: every item (ids or paths), in the new order.")
    static final class Order extends DamCommand {
        @Parameters(index = "0", paramLabel = "COLLECTION") String ref;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ASSET") List<String> assets;

        @Override
        int run(Dam dam) {
            CollectionSummary c = dam.collections().resolve(ref);
            dam.collections().order(c.id(), assetIds(dam, assets), null, Actor.commandLine());
            out().printf("ordered the %d item(s) of %s%n", assets.size(), Units.clean(c.path()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a collection (its assets stay); one with sub-collections needs --recursive.")
    static final class Delete extends DamCommand {
        @Parameters(paramLabel = "COLLECTION") String ref;
        @Option(names = "--recursive", description = "also delete its sub-collections") boolean recursive;

        @Override
        int run(Dam dam) {
            CollectionSummary c = dam.collections().resolve(ref);
            dam.collections().delete(c.id(), recursive, Actor.commandLine());
            out().printf("deleted collection %s (its assets are untouched)%n", Units.clean(c.path()));
            return 0;
        }
    }
}
