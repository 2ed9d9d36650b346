package org.thatdam.server.api;

/** The vocabulary's settings: {@code restricted}, whether tags may only be vocabulary terms. */
public record VocabularySettings(boolean restricted) {}
