package org.thatdam.media.libav;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The size a viewer sees, from a picture stream's coded size, its sample (pixel) aspect ratio
 * and its rotation. Non-square pixels stretch the dimension that grows, never shrink one (so no
 * detail is thrown away): SAR below 1 makes it taller (height / sar), above 1 wider
 * (width × sar); an anamorphic 1280×720 with SAR 3:4 shows as 1280×960. A 90° or 270° rotation
 * then swaps the sides: a rotated 1920×1080 shows as 1080×1920.
 */
public record DisplaySize(int width, int height) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static DisplaySize of(int codedWidth, int codedHeight, double sar, Integer rotation) {
        int w = codedWidth, h = codedHeight;
        if (sar < 1) {
            h = (int) Math.max(1, Math.round(h / sar));
        } else if (sar > 1) {
            w = (int) Math.max(1, Math.round(w * sar));
        }
        boolean sideways = rotation != null && (rotation == 90 || rotation == 270);
        return sideways ? new DisplaySize(h, w) : new DisplaySize(w, h);
    }

    /** ffprobe's "num:den" sample aspect ratio; 1 when absent, unknown (0:1) or implausible. */
    public static double sar(String ratio) {
        if (ratio == null) return 1.0;
        String[] r = ratio.split(":");
        if (r.length != 2) return 1.0;
        try {
            double num = Double.parseDouble(r[0]);
            double den = Double.parseDouble(r[1]);
            double sar = num > 0 && den > 0 ? num / den : 1.0;
            return sar > 0.1 && sar < 10 ? sar : 1.0;
        } catch (NumberFormatException e) {
            return 1.0;
        }
    }

    /** For a stream node of ffprobe's JSON with width and height; empty when either is missing. */
    public static Optional<DisplaySize> ofStream(JsonNode stream, Integer rotation) {
        int w = stream.path("width").asInt(0), h = stream.path("height").asInt(0);
        if (w <= 0 || h <= 0) return Optional.empty();
        return Optional.of(of(w, h, sar(stream.path("sample_aspect_ratio").asText(null)), rotation));
    }

    /**
     * From a stored probe answer: the first real picture stream (cover art skipped). Lets the
     * derivative makers honour non-square pixels for what was catalogued before the catalog kept
     * display sizes; empty when the JSON has no such stream.
     */
    public static Optional<DisplaySize> fromProbeJson(String rawJson, Integer rotation) {
        if (rawJson == null || rawJson.isBlank()) return Optional.empty();
        try {
            for (JsonNode s : JSON.readTree(rawJson).path("streams")) {
                if ("video".equals(s.path("codec_type").asText())
                        && s.path("disposition").path("attached_pic").asInt() != 1) {
                    return ofStream(s, rotation);
                }
            }
        } catch (IOException e) {
            // not a probe answer: nothing to say
        }
        return Optional.empty();
    }
}
