package org.thatdam.server.api;

/** A batch made of everything under {@code folder} (a folder inside a library root). */
public record BatchCreateBody(String folder, String name) {}
