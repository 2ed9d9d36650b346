package org.thatdam.media.derive;

/**
 * One hardware H.264 encoder candidate: whether this ffmpeg lists it, whether a one-frame test
 * encode worked, and a short reason (or "ok").
 */
public record HwEncoder(String name, boolean listed, boolean works, String detail) {}
