package org.thatdam.server.api;

/** A new API key: {@code key} is the key itself, shown this once and never again. */
public record ApiKeyCreated(long id, String key, ApiKeyView apiKey) {}
