package org.thatdam.core.config;

/** A configuration value is missing or wrong; the message names the setting and where it came from. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
