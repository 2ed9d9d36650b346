package org.thatdam.core.vocabulary;

/**
 * A term offered for what someone is typing: its preferred full {@code path} (what a tag stores), its
 * {@code label}, and the synonym that matched ({@code via}, null when the label did).
 */
public record Suggestion(String path, String label, String via) {}
