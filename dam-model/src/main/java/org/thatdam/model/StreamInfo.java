package org.thatdam.model;

/** One elementary stream of a media file, normalized from the prober's output. */
public record StreamInfo(
        int index,
        String type,
        String codec,
        String profile,
        Integer width,
        Integer height,
        Double fps,
        String pixFmt,
        Integer rotation,
        Integer sampleRate,
        Integer channels,
        String channelLayout,
        String language,
        Long bitRate) {}
