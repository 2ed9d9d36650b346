package org.thatdam.server.api;

/** The absolute path of a folder to add as a library root. */
public record RootBody(String path) {}
