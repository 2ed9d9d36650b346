package org.thatdam.media.derive;

/** Listener for progress 0..1 of a long ffmpeg run. Called from a background thread. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = fraction -> {};

    void progress(double fraction);
}
