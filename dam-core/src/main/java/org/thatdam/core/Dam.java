package org.thatdam.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import org.thatdam.catalog.Catalog;
import org.thatdam.catalog.sql.SqliteCatalog;
import org.thatdam.core.config.DamConfig;
import org.thatdam.core.events.EventBus;
import org.thatdam.core.library.LibraryService;
import org.thatdam.core.scan.ScanOptions;
import org.thatdam.core.scan.Scanner;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.probe.MediaProber;
import org.thatdam.storage.DataLayout;

/**
 * The assembled library for one home directory: catalog, event bus, services. The ffmpeg tools are
 * resolved on first use, so commands that only read the catalog start fast.
 */
public final class Dam implements AutoCloseable {

    private final DamConfig config;
    private final DataLayout layout;
    private final Catalog catalog;
    private final EventBus events = new EventBus();
    private final Clock clock = Clock.systemUTC();
    private final LibraryService library;
    private volatile FfmpegTools tools;

    private Dam(DamConfig config, DataLayout layout, Catalog catalog) {
        this.config = config;
        this.layout = layout;
        this.catalog = catalog;
        this.library = new LibraryService(catalog, clock);
    }

    public static Dam open(DamConfig config) {
        DataLayout layout;
        try {
            layout = new DataLayout(config.home()).create();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the library folder " + config.home() + ": " + e.getMessage(), e);
        }
        return new Dam(config, layout, SqliteCatalog.open(layout.catalogDb()));
    }

    public DamConfig config() { return config; }
    public DataLayout layout() { return layout; }
    public Catalog catalog() { return catalog; }
    public EventBus events() { return events; }
    public LibraryService library() { return library; }
    public Clock clock() { return clock; }

    public FfmpegTools tools() {
        FfmpegTools t = tools;
        if (t == null) {
            synchronized (this) {
                if (tools == null) {
                    tools = FfmpegTools.resolve(config.ffmpegPath().orElse(null), config.ffprobePath().orElse(null));
                }
                t = tools;
            }
        }
        return t;
    }

    public MediaProber prober() {
        return new MediaProber(tools(), config.probeTimeout());
    }

    public Scanner scanner() {
        return new Scanner(catalog, prober(), events, config.scanSettle(), layout.home(), clock);
    }

    public ScanOptions scanOptions(Optional<String> batch, Integer workers) {
        return new ScanOptions(batch, workers != null ? workers : config.scanWorkers());
    }

    @Override
    public void close() {
        catalog.close();
    }
}
