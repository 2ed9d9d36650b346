package org.thatdam.core.collections;

/**
 * What a new collection is: its name, an optional description, its parent ({@code null}: a root), and for a
 * smart one the search {@code query} with optional facet selections ({@code filter}); {@code query} null: a
 * collection of chosen items.
 */
public record NewCollection(String name, String description, Long parentId, String query, String filter) {

    public static NewCollection named(String name) {
        return new NewCollection(name, null, null, null, null);
    }

    public NewCollection under(Long parent) {
        return new NewCollection(name, description, parent, query, filter);
    }

    public NewCollection smart(String q, String f) {
        return new NewCollection(name, description, parentId, q, f);
    }
}
