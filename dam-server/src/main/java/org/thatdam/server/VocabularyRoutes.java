package org.thatdam.server;

import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.vocabulary.TermChange;
import org.thatdam.core.vocabulary.VocabularyFormat;
import org.thatdam.core.vocabulary.VocabularyService;
import org.thatdam.model.Actor;
import org.thatdam.model.Role;
import org.thatdam.server.api.VocabularyChangeView;
import org.thatdam.server.api.VocabularyImportBody;
import org.thatdam.server.api.VocabularyImportView;
import org.thatdam.server.api.VocabularyMergeBody;
import org.thatdam.server.api.VocabularySettings;
import org.thatdam.server.api.VocabularySettingsBody;
import org.thatdam.server.api.VocabularySuggestionView;
import org.thatdam.server.api.VocabularyTermBody;
import org.thatdam.server.api.VocabularyTermPatchBody;
import org.thatdam.server.api.VocabularyTermView;
import org.thatdam.server.api.VocabularyView;

/** The controlled vocabulary: everyone reads it and gets suggestions from it; admins change it. */
final class VocabularyRoutes {

    private VocabularyRoutes() {}

    static void register(ApiRegistry api, Dam dam) {
        VocabularyService vocab = dam.vocabulary();
        api.get("/api/v1/vocabulary", "getVocabulary").role(Role.VIEWER).tag("vocabulary")
                .summary("Every term (parents first, siblings by label) and whether tags must be terms")
                .returns(200, VocabularyView.class)
                .handle(ctx -> ctx.json(new VocabularyView(vocab.restricted(),
                        vocab.terms().stream().map(VocabularyTermView::of).toList())));
        api.get("/api/v1/vocabulary/suggest", "suggestTerms").role(Role.VIEWER).tag("vocabulary")
                .summary("Terms for what is being typed: labels, then synonyms, that start with it, then those that contain it "
                        + "(nothing typed: the top-level terms)")
                .queryText("q", VocabularyService.MAX_LABEL, "what has been typed")
                .queryInt("limit", 10, 1, VocabularyService.MAX_SUGGESTIONS, "at most this many")
                .returnsList(200, VocabularySuggestionView.class).handle(ctx -> {
                    String q = Params.text(ctx, "q", VocabularyService.MAX_LABEL);
                    int limit = Params.integer(ctx, "limit", 10, 1, VocabularyService.MAX_SUGGESTIONS);
                    ctx.json(vocab.suggest(q == null ? "" : q, limit).stream().map(VocabularySuggestionView::of).toList());
                });
        api.post("/api/v1/vocabulary/terms", "addTerm").role(Role.ADMIN).audit(AuditAction.VOCABULARY_ADD).tag("vocabulary")
                .summary("Add a term (and the missing levels above it)").body(VocabularyTermBody.class)
                .returns(201, VocabularyTermView.class).handle(ctx -> {
                    VocabularyTermBody b = Bodies.required(ctx, VocabularyTermBody.class);
                    ctx.status(201).json(VocabularyTermView.of(vocab.add(b.path(), b.synonyms(), b.description(),
                            AccessPolicy.actor(ctx))));
                });
        api.patch("/api/v1/vocabulary/terms/{id}", "updateTerm").role(Role.ADMIN).audit(AuditAction.VOCABULARY_EDIT)
                .tag("vocabulary")
                .summary("Rename, move, or change the synonyms or description of a term; assets tagged with it or under it are re-tagged")
                .body(VocabularyTermPatchBody.class).returns(200, VocabularyChangeView.class).handle(ctx -> {
                    VocabularyTermPatchBody b = Bodies.required(ctx, VocabularyTermPatchBody.class);
                    Actor by = AccessPolicy.actor(ctx);
                    long id = Params.id(ctx);
                    int changed = 0;
                    if (b.synonyms() != null || b.description() != null) vocab.edit(vocab.term(id).path(), b.synonyms(), b.description(), by);
                    if (b.label() != null) changed += vocab.rename(vocab.term(id).path(), b.label(), by).assetsChanged();
                    if (b.parent() != null) changed += vocab.move(vocab.term(id).path(), b.parent(), by).assetsChanged();
                    ctx.json(VocabularyChangeView.of(new TermChange(vocab.term(id).path(), changed)));
                });
        api.delete("/api/v1/vocabulary/terms/{id}", "deleteTerm").role(Role.ADMIN).audit(AuditAction.VOCABULARY_DELETE)
                .tag("vocabulary").summary("Delete a term and everything under it (assets keep their tags as free tags)")
                .returns(200, VocabularyChangeView.class).handle(ctx -> ctx.json(VocabularyChangeView.of(
                        vocab.delete(vocab.term(Params.id(ctx)).path(), AccessPolicy.actor(ctx)))));
        api.post("/api/v1/vocabulary/merge", "mergeTerms").role(Role.ADMIN).audit(AuditAction.VOCABULARY_MERGE)
                .tag("vocabulary")
                .summary("Merge one term into another: its assets, children, label and synonyms go to the other")
                .body(VocabularyMergeBody.class).returns(200, VocabularyChangeView.class).handle(ctx -> {
                    VocabularyMergeBody b = Bodies.required(ctx, VocabularyMergeBody.class);
                    ctx.json(VocabularyChangeView.of(vocab.merge(b.from(), b.into(), AccessPolicy.actor(ctx))));
                });
        api.post("/api/v1/vocabulary/import", "importVocabulary").role(Role.ADMIN).audit(AuditAction.VOCABULARY_IMPORT)
                .tag("vocabulary").summary("Merge a CSV or SKOS-like JSON vocabulary into the tree (a dry run unless apply is true)")
                .body(VocabularyImportBody.class).returns(200, VocabularyImportView.class).handle(ctx -> {
                    VocabularyImportBody b = Bodies.required(ctx, VocabularyImportBody.class);
                    ctx.json(VocabularyImportView.of(vocab.importFile(b.content(), VocabularyFormat.parse(b.format()),
                            Boolean.TRUE.equals(b.apply()), AccessPolicy.actor(ctx))));
                });
        api.get("/api/v1/vocabulary/export", "exportVocabulary").role(Role.VIEWER).tag("vocabulary")
                .summary("The vocabulary as a CSV (path,synonyms,description) or SKOS-like JSON file")
                .queryEnum("format", ApiRegistry.names(VocabularyFormat::id, VocabularyFormat.values()), "csv", "the file format")
                .produces("text/csv").produces("application/json").handle(ctx -> {
                    VocabularyFormat f = VocabularyFormat.parse(ctx.queryParam("format") == null ? "csv" : ctx.queryParam("format"));
                    ctx.header("Content-Disposition", "attachment; filename=\"vocabulary." + f.id() + "\"")
                            .contentType(f.mediaType() + "; charset=utf-8").result(vocab.export(f));
                });
        api.get("/api/v1/vocabulary/settings", "getVocabularySettings").role(Role.VIEWER).tag("vocabulary")
                .summary("Whether tags may only be vocabulary terms").returns(200, VocabularySettings.class)
                .handle(ctx -> ctx.json(new VocabularySettings(vocab.restricted())));
        api.put("/api/v1/vocabulary/settings", "setVocabularySettings").role(Role.ADMIN).audit(AuditAction.VOCABULARY_SETTINGS)
                .tag("vocabulary").summary("Set whether tags may only be vocabulary terms (existing tags are left as they are)")
                .body(VocabularySettingsBody.class).returns(200, VocabularySettings.class).handle(ctx -> {
                    VocabularySettingsBody b = Bodies.required(ctx, VocabularySettingsBody.class);
                    vocab.setRestricted(b.restricted(), AccessPolicy.actor(ctx));
                    ctx.json(new VocabularySettings(vocab.restricted()));
                });
    }
}
