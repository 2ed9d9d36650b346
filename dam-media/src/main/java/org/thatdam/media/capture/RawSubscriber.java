package org.thatdam.media.capture;

/**
 * Receives a started source's raw frames and sound. Called on the ingest's reader threads: an
 * implementation queues and returns, it never blocks (a slow consumer must not stall the preview).
 */
public interface RawSubscriber {
    void video(VideoFrame frame);

    void audio(AudioChunk chunk);

    /** The source was lost ({@code false}) or is back ({@code true}). */
    void signal(boolean present);
}
