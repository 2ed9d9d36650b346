package org.thatdam.core.process;

import org.thatdam.model.DamException;

import java.util.List;
import java.util.Map;
import org.thatdam.media.console.ConsoleCommand;
import org.thatdam.media.console.Presets;

/**
 * An ffmpeg console run as asked: a preset with its parameters, or custom ffmpeg arguments as a
 * token list (never a shell line). Exactly one of the two.
 */
public record ConsoleRequest(String preset, Map<String, String> params, List<String> args) {

    public ConsoleRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
        args = args == null ? null : List.copyOf(args);
        boolean hasPreset = preset != null && !preset.isBlank();
        if (hasPreset == (args != null)) {
            throw DamException.invalid("give either a preset (with params) or custom ffmpeg arguments, not "
                    + (hasPreset ? "both" : "neither"));
        }
        if (!hasPreset && !params.isEmpty()) {
            throw DamException.invalid("params only go with a preset");
        }
    }

    public static ConsoleRequest preset(String name, Map<String, String> params) {
        return new ConsoleRequest(name, params, null);
    }

    public static ConsoleRequest custom(List<String> args) {
        return new ConsoleRequest(null, null, args);
    }

    /**
     * The validated command; throws a precise error (which token, and why) when it is not allowed.
     * Some presets spread their work over the file, so they need its duration ({@code 0} when unknown).
     */
    public ConsoleCommand command(double inputDurationSec) {
        return args == null ? Presets.expand(preset.strip(), params, inputDurationSec) : ConsoleCommand.custom(args);
    }
}
