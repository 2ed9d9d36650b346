package org.thatdam.server.api;

/**
 * A file of an asset the caller may download: what it is ({@code kind}: "original" or a derivative
 * kind), a label for people, the name it is saved under and the URL that saves it (as an attachment).
 */
public record DownloadView(String kind, String label, String fileName, String url, long sizeBytes) {}
