package org.thatdam.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.FieldDefinition;
import org.thatdam.model.FieldValue;

/** Custom field definitions and the values assets have for them. */
public interface FieldRepository {

    /** Every definition, by position then name. */
    List<FieldDefinition> definitions();

    Optional<FieldDefinition> definition(String name);

    void insert(FieldDefinition d, long now);

    /** Replaces the definition named {@code d.name()} (a name never changes). */
    void update(FieldDefinition d, long now);

    /** Sets the positions: the fields named, in this order, get positions 0, 1, 2 … */
    void reorder(List<String> names, long now);

    /** Forgets a definition and every value of it; returns how many values went. */
    int delete(String name);

    /** An asset's values, in definition order (rows of one field in their order). */
    List<FieldValue> values(long assetId);

    /** Every asset's values of one field, by asset id. */
    Map<Long, List<FieldValue>> valuesOf(String field);

    /** Replaces an asset's values of {@code field} with {@code rows} (none clears it). */
    void setValues(long assetId, String field, List<FieldValue> rows);

    /** How many assets of {@code kinds} (ids as stored, lowercase) have no value of {@code field}. */
    long countMissing(String field, List<String> kinds);
}
