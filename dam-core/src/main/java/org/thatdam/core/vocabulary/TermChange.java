package org.thatdam.core.vocabulary;

/** What a change to a term did: the term's path afterwards (null once deleted) and how many assets' tags changed. */
public record TermChange(String path, int assetsChanged) {}
