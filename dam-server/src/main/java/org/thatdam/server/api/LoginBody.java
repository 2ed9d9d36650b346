package org.thatdam.server.api;

/** A user name and password: to log in, or to create the first admin. */
public record LoginBody(String username, String password) {}
