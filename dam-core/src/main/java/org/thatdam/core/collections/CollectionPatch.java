package org.thatdam.core.collections;

/**
 * A change to a collection; a null component stays as it is. {@code cover} 0 goes back to the default
 * cover (the first item). {@code query} and {@code filter} apply to smart collections only.
 */
public record CollectionPatch(String name, String description, Long cover, String query, String filter) {}
