package org.thatdam.media.derive;

import java.nio.file.Path;
import java.util.List;

/**
 * A trickplay sprite: {@code tiles} thumbnails, one every {@code intervalSec}, laid out row by row
 * in sheets of at most {@code columns} x {@code columns} tiles, and the WebVTT index that maps
 * every time range to its tile.
 *
 * @param keyframesOnly whether only key frames were decoded (a tile then shows the last key frame
 *                      before the middle of its cue, and there may be a tile or two fewer: the
 *                      last cue then runs to the end)
 */
public record SpriteResult(int tiles, double intervalSec, Size tile, int columns, List<Path> sheets, Path vtt,
                           boolean keyframesOnly) {

    public SpriteResult {
        sheets = List.copyOf(sheets);
    }
}
