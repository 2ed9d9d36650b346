package org.thatdam.core.fields;

import java.util.List;
import org.thatdam.model.FieldDefinition;

/**
 * What a change of definition does to the values assets have: how many stay as they are, how many
 * are converted to the new definition, which do not fit it (and why; applying the change drops
 * them), and how many assets the field applies to lack a value of a required field. {@code applied}
 * is false for a dry run. {@code unfit} lists at most {@link FieldService#MAX_REPORTED} values;
 * {@code unfitCount} counts them all.
 */
public record FieldChangeReport(FieldDefinition field, boolean applied, int kept, int converted, int unfitCount,
                                List<Unfit> unfit, long missingRequired) {

    /** A value that does not fit the new definition. */
    public record Unfit(long assetId, Object value, String reason) {}
}
