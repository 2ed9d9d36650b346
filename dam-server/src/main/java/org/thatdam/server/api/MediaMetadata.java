package org.thatdam.server.api;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.thatdam.model.MediaInfo;
import org.thatdam.model.StreamInfo;

/** The descriptive metadata beyond the summary: orientation, dates, place, camera, tags, streams. */
public record MediaMetadata(@Nullable Integer rotation, @Nullable String creationTime, @Nullable String timecode,
                            @Nullable Gps gps, @Nullable String cameraMake, @Nullable String cameraModel,
                            @Nullable String titleTag, @Nullable String commentTag, List<Stream> streams) {

    public record Gps(double latitude, double longitude) {}

    /** One elementary stream as the prober described it. */
    public record Stream(int index, String type, @Nullable String codec, @Nullable String profile,
                         @Nullable Integer width, @Nullable Integer height, @Nullable Double fps,
                         @Nullable String pixFmt, @Nullable Integer rotation, @Nullable Integer sampleRate,
                         @Nullable Integer channels, @Nullable String channelLayout, @Nullable String language,
                         @Nullable Long bitRate) {

        static Stream of(StreamInfo s) {
            return new Stream(s.index(), s.type(), s.codec(), s.profile(), s.width(), s.height(), s.fps(), s.pixFmt(),
                    s.rotation(), s.sampleRate(), s.channels(), s.channelLayout(), s.language(), s.bitRate());
        }
    }

    /** The metadata of {@code mi}; all null (and no streams) when there is none. */
    public static MediaMetadata of(@Nullable MediaInfo mi) {
        if (mi == null) return new MediaMetadata(null, null, null, null, null, null, null, null, List.of());
        Gps gps = mi.gpsLatitude() == null || mi.gpsLongitude() == null ? null : new Gps(mi.gpsLatitude(), mi.gpsLongitude());
        return new MediaMetadata(mi.rotation(), mi.creationTime(), mi.timecode(), gps, mi.cameraMake(), mi.cameraModel(),
                mi.titleTag(), mi.commentTag(), mi.streams().stream().map(Stream::of).toList());
    }
}
