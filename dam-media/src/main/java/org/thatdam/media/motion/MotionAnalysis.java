package org.thatdam.media.motion;

/**
 * Motion measured at evenly spaced samples, sample {@code i} at {@code i / sampleFps} seconds, each
 * compared with the one before (sample 0 has no predecessor: 0 in both arrays).
 *
 * @param scores     moved area 0..1 (fraction of the frame that changed, after noise suppression)
 * @param frameDiffs mean absolute difference to the previous sample, 0..1 of full scale (freeze detection)
 */
public record MotionAnalysis(double durationSec, double sampleFps, float[] scores, float[] frameDiffs) {

    public MotionAnalysis {
        if (!(sampleFps > 0)) {
            throw new IllegalArgumentException("sample rate must be positive, not " + sampleFps);
        }
        if (scores.length != frameDiffs.length) {
            throw new IllegalArgumentException("scores and frame differences differ in length: "
                    + scores.length + " vs " + frameDiffs.length);
        }
    }

    public int samples() {
        return scores.length;
    }

    public double timeOf(int i) {
        return i / sampleFps;
    }
}
