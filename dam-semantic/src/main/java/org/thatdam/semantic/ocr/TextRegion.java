package org.thatdam.semantic.ocr;

/**
 * A line of text read in a picture: what it says, how sure the recogniser is (0..1, the mean probability of its
 * characters), and where, normalised to 0..1 of the picture ({@code x, y} the top-left corner).
 */
public record TextRegion(String text, double confidence, double x, double y, double w, double h) {}
