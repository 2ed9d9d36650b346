package org.thatdam.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.thatdam.core.Dam;
import org.thatdam.core.vocabulary.ImportReport;
import org.thatdam.core.vocabulary.TermChange;
import org.thatdam.core.vocabulary.TermInfo;
import org.thatdam.core.vocabulary.VocabularyFormat;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.server.api.VocabularyChangeView;
import org.thatdam.server.api.VocabularyImportView;
import org.thatdam.server.api.VocabularyTermView;
import org.thatdam.storage.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.thatdam.cli.format.Units;

@Command(name = "vocabulary", aliases = "vocab",
        description = "The controlled vocabulary: hierarchical terms (Places/Europe/Lisbon) with synonyms that tags are mapped to.",
        subcommands = {VocabularyCommand.ListTerms.class, VocabularyCommand.Add.class, VocabularyCommand.Rename.class,
                VocabularyCommand.Move.class, VocabularyCommand.Merge.class, VocabularyCommand.Delete.class,
                VocabularyCommand.Import.class, VocabularyCommand.Export.class, VocabularyCommand.Settings.class})
final class VocabularyCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void change(DamCommand c, String what, TermChange r, boolean json) {
        if (json) Output.json(c.out(), VocabularyChangeView.of(r));
        else c.out().printf("%s; %d asset(s) re-tagged%n", what, r.assetsChanged());
    }

    @Command(name = "list", description = "Every term as a tree (or the terms at and under PATH), with synonyms.")
    static final class ListTerms extends DamCommand {
        @Parameters(paramLabel = "PATH", arity = "0..1") String path;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            List<TermInfo> terms = dam.vocabulary().terms();
            if (path != null) {
                List<String> under = dam.vocabulary().narrower(path);
                if (under.isEmpty()) dam.vocabulary().term(path);   // says what is wrong with PATH
                terms = terms.stream().filter(t -> under.contains(t.path())).toList();
            }
            if (json) {
                Output.json(out(), terms.stream().map(VocabularyTermView::of).toList());
                return 0;
            }
            for (TermInfo t : terms) {
                out().printf("%s%s%s%n", "  ".repeat(t.depth()), Units.clean(t.label()),
                        t.synonyms().isEmpty() ? "" : "  (" + Units.clean(String.join(", ", t.synonyms())) + ")");
            }
            if (terms.isEmpty()) out().println("(no terms)");
            out().printf("tags only from the vocabulary: %s%n", dam.vocabulary().restricted() ? "on" : "off");
            return 0;
        }
    }

    @Command(name = "add", description = "Add the term PATH (levels separated by '/'; missing levels above it are added too).")
    static final class Add extends DamCommand {
        @Parameters(paramLabel = "PATH") String path;
        @Option(names = "--synonym", paramLabel = "WORD", description = "Another word for it (repeatable).") List<String> synonyms;
        @Option(names = "--description", paramLabel = "TEXT") String description;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            TermInfo t = dam.vocabulary().add(path, synonyms, description, Actor.commandLine());
            if (json) Output.json(out(), VocabularyTermView.of(t));
            else out().printf("added %s%n", Units.clean(t.path()));
            return 0;
        }
    }

    @Command(name = "rename", description = "Give TERM the label LABEL (the old one stays a synonym); every asset tagged with it (or under it) is re-tagged.")
    static final class Rename extends DamCommand {
        @Parameters(index = "0", paramLabel = "TERM") String term;
        @Parameters(index = "1", paramLabel = "LABEL") String label;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            String old = dam.vocabulary().term(term).label();
            TermChange r = dam.vocabulary().rename(term, label, Actor.commandLine());
            boolean kept = dam.vocabulary().term(r.path()).synonyms().contains(old);
            change(this, "renamed to " + Units.clean(r.path()) + (kept ? " (" + Units.clean(old) + " stays a synonym)" : ""), r, json);
            return 0;
        }
    }

    @Command(name = "move", description = "Move TERM (with everything under it) under PARENT, or to the top with --top; assets are re-tagged.")
    static final class Move extends DamCommand {
        @Parameters(index = "0", paramLabel = "TERM") String term;
        @Parameters(index = "1", paramLabel = "PARENT", arity = "0..1") String parent;
        @Option(names = "--top", description = "Move it to the top level.") boolean top;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            if ((parent == null) == !top) throw DamException.invalid("give either PARENT or --top");
            TermChange r = dam.vocabulary().move(term, top ? null : parent, Actor.commandLine());
            change(this, "moved to " + Units.clean(r.path()), r, json);
            return 0;
        }
    }

    @Command(name = "merge", description = "Merge term FROM into INTO: its assets, children, label and synonyms go to INTO.")
    static final class Merge extends DamCommand {
        @Parameters(index = "0", paramLabel = "FROM") String from;
        @Parameters(index = "1", paramLabel = "INTO") String into;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            TermChange r = dam.vocabulary().merge(from, into, Actor.commandLine());
            change(this, "merged into " + Units.clean(r.path()), r, json);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete TERM and everything under it (assets keep their tags, as free tags).")
    static final class Delete extends DamCommand {
        @Parameters(paramLabel = "TERM") String term;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) {
            TermChange r = dam.vocabulary().delete(term, Actor.commandLine());
            if (json) Output.json(out(), VocabularyChangeView.of(r));
            else out().printf("deleted; %d asset(s) keep its tags as free tags%n", r.assetsChanged());
            return 0;
        }
    }

    @Command(name = "import", description = "Merge a CSV (path,synonyms,description) or SKOS-like JSON file into the vocabulary. "
            + "Reports what it would change unless --apply is given.")
    static final class Import extends DamCommand {
        @Parameters(paramLabel = "FILE") Path file;
        @Option(names = "--format", paramLabel = "csv|json", description = "Default: from the file's extension.") String format;
        @Option(names = "--apply", description = "Make the changes (without it: a dry run).") boolean apply;
        @Option(names = "--json") boolean json;

        @Override
        int run(Dam dam) throws IOException {
            VocabularyFormat f = VocabularyFormat.parse(format != null ? format
                    : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? "json" : "csv");
            ImportReport r = dam.vocabulary().importFile(read(file), f, apply, Actor.commandLine());
            if (json) {
                Output.json(out(), VocabularyImportView.of(r));
                return 0;
            }
            for (String p : r.added()) out().printf("%s %s%n", r.applied() ? "added" : "would add", Units.clean(p));
            for (String s : r.skipped()) out().printf("skipped %s%n", Units.clean(s));
            out().printf("%s: %d term(s) read, %d added, %d synonym(s) added, %d description(s) set%s%n",
                    r.applied() ? "imported" : "dry run", r.read(), r.added().size(), r.synonymsAdded(), r.descriptionsSet(),
                    r.applied() ? "" : " (nothing written; run again with --apply)");
            return 0;
        }

        /** The file as UTF-8 text, refused when too large or not text, before it is all read. */
        private static String read(Path file) throws IOException {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
                throw DamException.notFound("no file at " + file);
            }
            if (Files.size(file) > VocabularyFormat.MAX_BYTES) {
                throw DamException.tooLarge(file + " is larger than " + VocabularyFormat.MAX_BYTES + " bytes");
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            } catch (CharacterCodingException e) {
                throw DamException.invalid(file + " is not UTF-8 text");
            }
        }
    }

    @Command(name = "export", description = "Write the vocabulary as CSV or SKOS-like JSON to FILE (or standard output).")
    static final class Export extends DamCommand {
        @Option(names = "--format", paramLabel = "csv|json", defaultValue = "csv") String format;
        @Option(names = {"-o", "--out"}, paramLabel = "FILE") Path file;

        @Override
        int run(Dam dam) {
            String text = dam.vocabulary().export(VocabularyFormat.parse(format));
            if (file == null) {
                out().print(text);
                return 0;
            }
            AtomicFiles.writeUserFile(file, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
            out().printf("wrote %s%n", file);
            return 0;
        }
    }

    @Command(name = "settings", description = "Show, or with --restricted on|off set, whether tags may only be vocabulary terms.")
    static final class Settings extends DamCommand {
        @Option(names = "--restricted", paramLabel = "on|off") String restricted;

        @Override
        int run(Dam dam) {
            if (restricted != null) {
                boolean on = switch (restricted.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "on", "true", "yes" -> true;
                    case "off", "false", "no" -> false;
                    default -> throw DamException.invalid("--restricted takes on or off, not '" + restricted + "'");
                };
                dam.vocabulary().setRestricted(on, Actor.commandLine());
            }
            out().printf("tags only from the vocabulary: %s%n", dam.vocabulary().restricted() ? "on" : "off");
            return 0;
        }
    }
}
