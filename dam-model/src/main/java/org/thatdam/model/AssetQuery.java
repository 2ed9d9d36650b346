package org.thatdam.model;

/** Filters and paging for listing assets; null filters match everything. */
public record AssetQuery(String batch, AssetKind kind, AssetStatus status, Sort sort, int limit, int offset) {

    public enum Sort { NEWEST, OLDEST, NAME, SIZE, DURATION }

    public AssetQuery {
        if (limit < 1 || limit > 100_000) {
            throw DamException.invalid("limit must be between 1 and 100000, got " + limit);
        }
        if (offset < 0) {
            throw DamException.invalid("offset must not be negative, got " + offset);
        }
        sort = sort == null ? Sort.NEWEST : sort;
    }

    public static AssetQuery all(int limit) {
        return new AssetQuery(null, null, null, Sort.NEWEST, limit, 0);
    }
}
