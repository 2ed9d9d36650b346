package org.thatdam.core.bulk;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import org.thatdam.model.DamException;

/** What a bulk action does to each selected asset; {@link #id} is its name in the API and the CLI. */
public enum BulkAction {
    ADD_TAGS("add-tags", "tagged"),
    REMOVE_TAGS("remove-tags", "untagged"),
    RATING("rating", "rated"),
    FAVOURITE("favourite", "marked"),
    LABEL("label", "labelled"),
    SET_FIELDS("set-fields", "set"),
    ADD_TO_COLLECTION("add-to-collection", "added"),
    REGENERATE("regenerate", "queued"),
    PRESET("preset", "queued"),
    FORGET("forget", "forgotten");

    private final String id;
    private final String past;

    BulkAction(String id, String past) {
        this.id = id;
        this.past = past;
    }

    @JsonValue
    public String id() { return id; }

    /** What happened to an asset it was done to, for summaries ("4,998 tagged"). */
    public String past() { return past; }

    @JsonCreator
    public static BulkAction parse(String s) {
        String want = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (BulkAction a : values()) {
            if (a.id.equals(want)) return a;
        }
        throw DamException.invalid("unknown action '" + s + "'; allowed: "
                + String.join(", ", Arrays.stream(values()).map(BulkAction::id).toList()));
    }
}
