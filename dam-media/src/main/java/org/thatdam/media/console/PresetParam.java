package org.thatdam.media.console;

/**
 * A value a preset asks for.
 *
 * @param defaultValue used when the caller gives none; empty means "not set" (the preset then
 *                     uses another parameter, e.g. trim's end instead of its duration)
 * @param pattern      a regular expression the value must match in full
 */
public record PresetParam(String name, String description, String defaultValue, String pattern) {

    public PresetParam {
        java.util.regex.Pattern.compile(pattern); // fail at definition, not at first use
    }

    public boolean matches(String value) {
        return value.matches(pattern);
    }
}
