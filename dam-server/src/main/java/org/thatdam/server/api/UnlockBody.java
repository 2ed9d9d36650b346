package org.thatdam.server.api;

/** The password of a share link. */
public record UnlockBody(String password) {}
