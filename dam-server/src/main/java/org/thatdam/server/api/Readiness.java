package org.thatdam.server.api;

import java.util.Map;

/** {@code /ready}: "ready" or "not ready", with each check's result ("ok" or what is wrong). */
public record Readiness(String status, Map<String, String> checks) {}
