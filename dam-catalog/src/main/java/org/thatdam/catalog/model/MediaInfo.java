package org.thatdam.catalog.model;

import java.util.List;

/**
 * Normalized technical metadata of one version of a file. Produced by the media layer's probe,
 * stored by the catalog; {@code rawJson} keeps the prober's complete answer.
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
        List<StreamInfo> streams,
        String rawJson) {

    public MediaInfo {
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    /** What a failed probe leaves: the kind guessed from the name, nothing else. */
    public static MediaInfo unknown(AssetKind kind) {
        return new MediaInfo(kind, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, List.of(), null);
    }
}
