package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.media.console.Preset;

/** A console preset: what it does, whether it only probes, and its parameters with defaults and patterns. */
public record PresetView(String name, String description, boolean probe, List<Param> params) {

    public record Param(String name, String description, @Nullable String defaultValue, @Nullable String pattern) {}

    public static PresetView of(Preset p) {
        return new PresetView(p.name(), p.description(), p.probe(), p.params().stream()
                .map(x -> new Param(x.name(), x.description(), x.defaultValue(), x.pattern())).toList());
    }
}
