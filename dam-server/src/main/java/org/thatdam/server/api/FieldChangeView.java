package org.thatdam.server.api;

import java.util.List;
import org.thatdam.core.fields.FieldChangeReport;

/**
 * What a change of definition does (or, with {@code applied} false, would do) to the values assets
 * have: kept as they are, converted, or unfit (dropped when applied; at most 200 listed, all
 * counted), and how many assets lack a value of a required field.
 */
public record FieldChangeView(FieldView field, boolean applied, int kept, int converted, int unfitCount,
                              List<Unfit> unfit, long missingRequired) {

    /** A value that does not fit the new definition, and why. */
    public record Unfit(long assetId, Object value, String reason) {}

    public static FieldChangeView of(FieldChangeReport r) {
        return new FieldChangeView(FieldView.of(r.field()), r.applied(), r.kept(), r.converted(), r.unfitCount(),
                r.unfit().stream().map(u -> new Unfit(u.assetId(), u.value(), u.reason())).toList(), r.missingRequired());
    }
}
