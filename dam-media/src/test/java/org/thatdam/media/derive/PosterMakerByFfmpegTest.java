package org.thatdam.media.derive;

import org.thatdam.media.ffmpeg.FfmpegTools;

/** Every poster rule again with video posters made by a child ffmpeg, as when media workers are off. */
class PosterMakerByFfmpegTest extends PosterMakerTest {

    @Override
    PosterMaker maker() {
        return new PosterMaker(FfmpegTools.bundled(), java.time.Duration.ofSeconds(60), null);
    }
}
