package org.thatdam.server.api;

/** New vocabulary settings: {@code restricted}, whether tags may only be vocabulary terms. */
public record VocabularySettingsBody(Boolean restricted) {}
