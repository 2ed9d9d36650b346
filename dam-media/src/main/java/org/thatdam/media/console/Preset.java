package org.thatdam.media.console;

import java.util.List;

/**
 * A named console operation with parameters, expanded by {@link Presets#expand}.
 *
 * @param probe true for the ffprobe preset (its tokens are ffprobe's, its output {@code probe.json})
 */
public record Preset(String name, String description, boolean probe, List<PresetParam> params) {

    public Preset {
        params = List.copyOf(params);
    }

    public PresetParam param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
