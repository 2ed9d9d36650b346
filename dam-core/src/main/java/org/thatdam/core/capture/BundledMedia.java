package org.thatdam.core.capture;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.thatdam.media.ffmpeg.FfmpegTools;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.locks.LockSupport;
import org.thatdam.media.capture.EncoderSettings;
import org.thatdam.media.capture.HardwareEncoders;
import org.thatdam.media.capture.HlsPreview;
import org.thatdam.media.capture.IngestOptions;
import org.thatdam.media.capture.LiveIngest;
import org.thatdam.media.capture.RecordSpec;
import org.thatdam.media.capture.Recorder;
import org.thatdam.model.Timecode;
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
        return HardwareEncoders.with(tools.get()).resolve(choice);
    }

    @Override
    public Ingest open(SourceSpec spec, int previewWidth, int previewFps) {
        LiveIngest ingest = LiveIngest.start(spec, IngestOptions.defaults(tools.get()).withPreview(previewWidth, previewFps));
        return new Ingest() {
            @Override
            public LiveFeed feed() {
                return ingest;
            }

            @Override
            public void close() {
                ingest.close();
            }
        };
    }

    @Override
    public Recording prepare(LiveFeed feed, Path staging, EncoderSettings encoding, String timecode, String title) {
        Timecode start = timecode == null ? null : Timecode.parse(timecode);
        return new Take(Recorder.prepare(feed, new RecordSpec(staging, title, start, encoding, ZoneId.systemDefault()), tools.get()),
                start);
    }

    @Override
    public void beginTogether(List<Recording> recordings) {
        Recorder.beginTogether(recordings.stream().map(r -> ((Take) r).recorder).toList());
    }

    @Override
    public Hls hls(LiveFeed feed) {
        HlsPreview preview = HlsPreview.start(feed, tools.get());
        return new Hls() {
            @Override
            public Path file(String name) {
                return preview.file(name);
            }

            @Override
            public boolean running() {
                return preview.running();
            }

            @Override
            public void close() {
                preview.close();
            }
        };
    }

    /** A {@link Recorder} as capture sees it. */
    private static final class Take implements Recording {
        /** How long the first frame may take to arrive after the common start (a source at 1 fps, a slow network). */
        private static final Duration FIRST_FRAME = Duration.ofSeconds(10);
        final Recorder recorder;
        final Timecode start;

        Take(Recorder recorder, Timecode start) {
            this.recorder = recorder;
            this.start = start;
        }

        @Override
        public Instant startedAt() {
            long until = System.nanoTime() + FIRST_FRAME.toNanos();
            Instant at;
            // the first frame at or after the common start is at most one frame away on a live source
            while ((at = recorder.firstFrameAt()) == null) {
                if (System.nanoTime() > until) {
                    throw DamException.unavailable("the source delivered no picture within " + FIRST_FRAME.toSeconds() + " s of the start", null);
                }
                LockSupport.parkNanos(2_000_000);
            }
            return at;
        }

        @Override
        public String startTimecode() {
            Instant at = startedAt();
            return (start != null ? start : Timecode.fromWallClock(at, ZoneId.systemDefault(), recorder.format().rate())).toString();
        }

        @Override
        public long bytes() {
            return recorder.progress().bytes();
        }

        @Override
        public double durationSeconds() {
            return recorder.progress().durationSeconds();
        }

        @Override
        public long droppedFrames() {
            return recorder.progress().droppedFrames();
        }

        @Override
        public String error() {
            return recorder.progress().error();
        }

        @Override
        public void stop() {
            Recorder.Result r = recorder.stop();
            if (!r.clean()) throw DamException.unavailable(r.error() == null ? "the encoder did not finish the file" : r.error(), null);
        }

        @Override
        public void abort() {
            recorder.stop();
        }
    }

    @Override
    public void close() {
        // nothing held: ingests and recordings are closed by their owners
    }
}
