package org.thatdam.server.api;

/** {@code /health}: the process answers ({@code status} "ok"). */
public record Health(String status) {}
