package org.thatdam.server.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.thatdam.core.process.ConsoleRequest;
import org.thatdam.model.DamException;

/**
 * An ffmpeg console command: a preset with its parameters (strings or numbers), or custom
 * arguments as a token list (one per token; there is no shell).
 */
public record ConsoleBody(@Nullable String preset,
                         @JsonDeserialize(contentUsing = ScalarText.class) @Nullable Map<String, String> params,
                         @Nullable List<String> args) {

    /** At most this many tokens in {@code args}. */
    public static final int MAX_ARGS = 200;

    public ConsoleRequest toRequest() {
        if (args != null && args.size() > MAX_ARGS) {
            throw DamException.invalid("field \"args\": more than " + MAX_ARGS + " tokens");
        }
        return new ConsoleRequest(preset, params == null ? Map.of() : params, args);
    }
}
