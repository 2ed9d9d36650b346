package org.thatdam.model;

/**
 * One stored value of a custom field on an asset (a multiple choice has one per choice): its
 * canonical text, and its number for numbers, dates (epoch milliseconds of the day, UTC) and
 * booleans (1 or 0), which is what ranges compare.
 */
public record FieldValue(String field, String text, Double number) {}
