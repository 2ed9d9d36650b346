package org.thatdam.server.api;

/** The new name of a batch. */
public record BatchRenameBody(String name) {}
