package org.thatdam.core.capture;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.capture.EncoderSettings;
import org.thatdam.media.capture.LiveFeed;
import org.thatdam.media.capture.SourceSpec;
import org.thatdam.media.capture.devices.AudioInputs;
import org.thatdam.media.capture.devices.DeviceSource;
import org.thatdam.media.capture.devices.DeviceWatcher;
import org.thatdam.media.capture.devices.V4l2Devices;
import org.thatdam.model.AudioInput;
import org.thatdam.model.DamException;

/** Capture with the bundled ffmpeg: devices asked with v4l2-ctl/ffmpeg, one ingest per source, fragmented MP4 recorders. */
public final class BundledMedia implements CaptureMedia {

    private final Supplier<FfmpegTools> tools;

    public BundledMedia(Supplier<FfmpegTools> tools) {
        this.tools = tools;
    }

    @Override
    public List<DeviceSource> devices() {
        return V4l2Devices.system(tools.get()).list();
    }

    @Override
    public List<AudioInput> audioInputs() {
        return AudioInputs.system(tools.get()).list();
    }

    @Override
    public AutoCloseable watchDevices(Runnable onChange) {
        return DeviceWatcher.start(onChange);
    }

    @Override
    public String encoder(String choice) {
        return "auto".equals(choice) ? "libx264" : choice;
    }

    @Override
    public Ingest open(SourceSpec spec, int previewWidth, int previewFps) {
        throw DamException.unavailable("live sources cannot be opened by this build", null);
    }

    @Override
    public Recording prepare(LiveFeed feed, Path staging, EncoderSettings encoding, String timecode, String title) {
        throw DamException.unavailable("recording is not possible in this build", null);
    }

    @Override
    public void beginTogether(List<Recording> recordings) {
        throw DamException.unavailable("recording is not possible in this build", null);
    }

    @Override
    public Hls hls(LiveFeed feed) {
        throw DamException.unavailable("the HLS preview is not possible in this build", null);
    }

    @Override
    public void close() {
        // nothing held: ingests and recordings are closed by their owners
    }
}
