package org.thatdam.media.capture;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.FrameRate;
import org.thatdam.model.LiveSettings;
import org.thatdam.model.LiveSourceKind;
import org.thatdam.model.LiveState;

/** The built-in test source, started for real, as recordings see it. */
final class LiveTestSources {

    private LiveTestSources() {}

    static LiveIngest start(String id, FrameRate rate) {
        LiveSettings settings = new LiveSettings(640, 360, rate, null, null, null);
        return LiveIngest.start(new SourceSpec(LiveSourceKind.TEST, id, "test", settings, null),
                IngestOptions.defaults(FfmpegTools.bundled()).withPreview(320, 5));
    }

    /**
     * A started source whose loss of signal the test decides: the frames and sound are the source's
     * own, only {@link RawSubscriber#signal} calls are added.
     */
    static final class Interruptible implements LiveFeed {
        private final LiveFeed feed;
        private final List<RawSubscriber> subscribers = new CopyOnWriteArrayList<>();

        Interruptible(LiveFeed feed) {
            this.feed = feed;
        }

        void signal(boolean present) {
            for (RawSubscriber s : subscribers) s.signal(present);
        }

        @Override
        public String sourceId() {
            return feed.sourceId();
        }

        @Override
        public RawFormat format() {
            return feed.format();
        }

        @Override
        public LiveState state() {
            return feed.state();
        }

        @Override
        public JpegFrame latestPreview() {
            return feed.latestPreview();
        }

        @Override
        public AutoCloseable onPreview(Consumer<JpegFrame> viewer) {
            return feed.onPreview(viewer);
        }

        @Override
        public AutoCloseable onRaw(RawSubscriber subscriber) {
            AutoCloseable inner = feed.onRaw(subscriber);
            subscribers.add(subscriber);
            return () -> {
                subscribers.remove(subscriber);
                inner.close();
            };
        }

        @Override
        public IngestStats stats() {
            return feed.stats();
        }
    }
}
