package org.thatdam.model;

import java.time.Instant;
import java.util.List;

/**
 * Normalized technical metadata of one version of a file. Produced by the media layer's probe,
 * stored by the catalog; {@code rawJson} keeps the prober's complete answer. {@code width} and
 * {@code height} are the display size (rotation and non-square pixels applied); the coded size of
 * each picture stream is in {@code streams}. {@code capturedAt} is when the content was shot, with
 * where that came from; null until known.
 */
public record MediaInfo(
        AssetKind kind,
        String container,
        Double durationSec,
        Long bitRate,
        Integer width,
        Integer height,
        Double fps,
        String videoCodec,
        String audioCodec,
        Integer rotation,
        String creationTime,
        String timecode,
        Double gpsLatitude,
        Double gpsLongitude,
        String cameraMake,
        String cameraModel,
        String titleTag,
        String commentTag,
        Instant capturedAt,
        CaptureSource captureSource,
        List<StreamInfo> streams,
        String rawJson) {

    public MediaInfo {
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    /** What a failed probe leaves: the kind guessed from the name, nothing else. */
    public static MediaInfo unknown(AssetKind kind) {
        return new MediaInfo(kind, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, List.of(), null);
    }

    /** This info with a capture time and its source. */
    public MediaInfo withCapture(Instant at, CaptureSource source) {
        return new MediaInfo(kind, container, durationSec, bitRate, width, height, fps, videoCodec, audioCodec, rotation,
                creationTime, timecode, gpsLatitude, gpsLongitude, cameraMake, cameraModel, titleTag, commentTag,
                at, source, streams, rawJson);
    }

    /** This info with other streams (the catalog stores them apart). */
    public MediaInfo withStreams(List<StreamInfo> s) {
        return new MediaInfo(kind, container, durationSec, bitRate, width, height, fps, videoCodec, audioCodec, rotation,
                creationTime, timecode, gpsLatitude, gpsLongitude, cameraMake, cameraModel, titleTag, commentTag,
                capturedAt, captureSource, s, rawJson);
    }
}
