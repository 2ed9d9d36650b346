package org.thatdam.server.api;

/** How many assets a call added or took out ({@code changed}), and the collection after it. */
public record CollectionAssetsChanged(int changed, CollectionView collection) {}
