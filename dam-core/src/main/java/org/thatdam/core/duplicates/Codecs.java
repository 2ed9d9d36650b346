package org.thatdam.core.duplicates;

import java.util.Set;

/** What a video codec says about a file's place in a workflow. */
final class Codecs {

    /** Editing and mastering codecs (intra-frame or lossless): a file in one is a master, not a delivery copy. */
    private static final Set<String> INTERMEDIATE = Set.of("prores", "dnxhd", "dnxhr", "cfhd", "ffv1", "huffyuv",
            "utvideo", "rawvideo", "v210", "v410", "r210", "jpeg2000", "mjpeg", "hqx", "hap");

    private Codecs() {}

    static boolean intermediate(String codec) {
        return codec != null && INTERMEDIATE.contains(codec);
    }
}
