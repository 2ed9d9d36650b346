package org.thatdam.cli.tui;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One library event as the server's event WebSocket sends it: its {@code type} ("job.progress",
 * "scan.progress", "asset.ingested"…) and the whole message, in-process events turned into the same JSON.
 */
public record LiveEvent(String type, JsonNode body) {}
