package org.thatdam.server.api;

/** A deleted custom field and how many values went with it. */
public record FieldDeleted(String name, int values) {}
