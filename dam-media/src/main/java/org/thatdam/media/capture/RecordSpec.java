package org.thatdam.media.capture;

import java.nio.file.Path;
import java.time.ZoneId;
import org.thatdam.model.DamException;
import org.thatdam.model.Timecode;

/**
 * What one recording writes: the output file (fragmented MP4, absolute path, a file of ours), the
 * take's title, the start timecode (null = the time of day of the first frame in {@code zone}), the
 * encoder settings.
 */
public record RecordSpec(Path output, String title, Timecode startTimecode, EncoderSettings encoder, ZoneId zone) {

    public RecordSpec {
        if (output == null || !output.isAbsolute()) throw DamException.invalid("a recording needs an absolute output path");
        if (encoder == null) throw DamException.invalid("a recording needs encoder settings");
        if (zone == null) zone = ZoneId.systemDefault();
        title = title == null ? "" : title.replaceAll("\\p{Cntrl}", " ").strip();
    }
}
