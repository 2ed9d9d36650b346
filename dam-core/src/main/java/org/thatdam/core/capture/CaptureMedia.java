package org.thatdam.core.capture;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.thatdam.media.capture.EncoderSettings;
import org.thatdam.media.capture.LiveFeed;
import org.thatdam.media.capture.SourceSpec;
import org.thatdam.media.capture.devices.DeviceSource;
import org.thatdam.model.AudioInput;

/**
 * What capture needs of the media side: the machine's devices, opening a source once, recorders started
 * together, the HLS preview. {@link BundledMedia} is the bundled ffmpeg's.
 */
public interface CaptureMedia extends AutoCloseable {

    /** A started source: its feed, and closing it releases the device (stops its ffmpeg). */
    interface Ingest extends AutoCloseable {
        LiveFeed feed();

        @Override
        void close();
    }

    /** One recording of one feed into a staging file. */
    interface Recording {
        /** The arrival of its first frame; null before {@link #beginTogether}. */
        Instant startedAt();

        /** The label of its first frame. */
        String startTimecode();

        long bytes();

        double durationSeconds();

        long droppedFrames();

        /** Why it cannot go on (the encoder failed or cannot keep up), or null while it is fine. */
        String error();

        /** Ends it cleanly: the file is finalised when this returns; fails with the encoder's reason in words. */
        void stop();

        /** Ends it at once, without finalising (the fragments written so far stay playable). */
        void abort();
    }

    /** An HLS preview of a feed. */
    interface Hls extends AutoCloseable {
        /** Its playlist ({@code index.m3u8}, waiting briefly for the first) or a segment; NOT_FOUND for any other name. */
        Path file(String name);

        /** True while it writes; a stopped one is started again by the next request. */
        boolean running();

        @Override
        void close();
    }

    List<DeviceSource> devices();

    List<AudioInput> audioInputs();

    /** Calls {@code onChange} (debounced) when devices come or go; closing stops watching. */
    AutoCloseable watchDevices(Runnable onChange);

    /** The encoder recordings use, after looking for a working hardware one when {@code choice} is {@code auto}. */
    String encoder(String choice);

    Ingest open(SourceSpec spec, int previewWidth, int previewFps);

    /**
     * Starts a recorder's ffmpeg on {@code feed}, writing fragmented MP4 to {@code staging}, without
     * handing it frames yet; {@code timecode} a user's start label or null for the wall clock's.
     */
    Recording prepare(LiveFeed feed, Path staging, EncoderSettings encoding, String timecode, String title);

    /** Starts every prepared recording at the same instant (each at its first frame from then on). */
    void beginTogether(List<Recording> recordings);

    Hls hls(LiveFeed feed);

    @Override
    void close();
}
