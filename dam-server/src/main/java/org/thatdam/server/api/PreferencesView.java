package org.thatdam.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.thatdam.core.json.Json;

/** Everything the dashboard remembers for the one asking, key → value. */
public record PreferencesView(Map<String, JsonNode> values) {

    /** From the stored JSON texts (written by {@link PreferenceBody}, so they parse). */
    public static PreferencesView of(Map<String, String> stored) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        stored.forEach((k, json) -> {
            try {
                values.put(k, Json.mapper().readTree(json));
            } catch (JsonProcessingException e) {
                // a value this server did not write: leave it out rather than fail the whole page
            }
        });
        return new PreferencesView(values);
    }
}
