package org.thatdam.core.config;

import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/** A configuration value is missing or wrong; the message names the setting and where it came from. */
public class ConfigException extends DamException {
    public ConfigException(String message) {
        super(ErrorCode.INVALID, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(ErrorCode.INVALID, message, cause);
    }
}
