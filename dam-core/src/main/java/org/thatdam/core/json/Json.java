package org.thatdam.core.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON configuration for machine output (CLI --json, HTTP API): camelCase, ISO-8601 times. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as JSON text; our own records always encode, so a failure is a bug. */
    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new org.thatdam.model.DamException(org.thatdam.model.ErrorCode.INTERNAL, "cannot encode "
                    + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
