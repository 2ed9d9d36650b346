package org.thatdam.server.api;

import com.fasterxml.jackson.databind.JsonNode;

/** One remembered setting: any JSON value (at most 8 KB written out). */
public record PreferenceBody(JsonNode value) {}
