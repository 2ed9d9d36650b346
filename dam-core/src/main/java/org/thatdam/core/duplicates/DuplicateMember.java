package org.thatdam.core.duplicates;

/**
 * One asset of a group of near-duplicates, with the technical facts that tell copies apart.
 * {@code contentStartSec}..{@code contentEndSec} is what was compared (black, slates and silence
 * at the ends left out); {@code similarity} is how alike its pictures are to the group's better
 * master (1 = the same); {@code original}: the file carries camera metadata (make, model or
 * timecode), a sign it was not re-encoded.
 */
public record DuplicateMember(long id, String title, String path, Long sizeBytes, Double durationSec,
                              double contentStartSec, double contentEndSec, Integer width, Integer height,
                              Long bitRate, String videoCodec, String audioCodec, String container, Double fps,
                              boolean original, boolean best, double similarity) {}
