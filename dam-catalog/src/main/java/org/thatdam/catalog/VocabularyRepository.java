package org.thatdam.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thatdam.model.VocabularyTerm;

/**
 * The controlled vocabulary's terms, synonyms and settings, and the rewriting of asset tags when
 * terms change. Keys ({@code labelKey}) are labels folded by the caller; the catalog only compares them.
 */
public interface VocabularyRepository {

    /** Every term with its synonyms (the vocabulary is small enough to hold whole). */
    List<VocabularyTerm> terms();

    /** The settings, including "version", which every change to terms or synonyms bumps. */
    Map<String, String> settings();

    void setSetting(String name, String value);

    long add(Long parentId, String label, String labelKey, String description, long now);

    /** Changes a term's label and parent; the caller checked that the new place is free and no cycle forms. */
    void update(long id, Long parentId, String label, String labelKey);

    void setDescription(long id, String description);

    void addSynonym(long termId, String label, String labelKey);

    boolean removeSynonym(long termId, String labelKey);

    /** Deletes a term and everything under it. */
    boolean delete(long id);

    /** Every distinct tag stored on any asset. */
    List<String> distinctTags();

    /** The assets carrying any of these exact tags. */
    Set<Long> assetsTagged(List<String> tags);

    /** Replaces an exact tag by another on every asset that carries it (an asset that has both keeps one). */
    void replaceTag(String from, String to);
}
