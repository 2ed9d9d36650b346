package org.thatdam.server.api;

import java.util.Map;

/** {@code /health} ({@code status} "ok") and {@code /ready} ("ready" or "not ready", with each check's result). */
public record Health(String status, Map<String, String> checks) {}
