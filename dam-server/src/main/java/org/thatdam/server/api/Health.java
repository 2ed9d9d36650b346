package org.thatdam.server.api;

/**
 * {@code /health}: the process answers ({@code status} "ok"); which node this is ({@code node}, its {@code node.name})
 * and what it runs ({@code role}: all, api or worker).
 */
public record Health(String status, String role, String node) {}
