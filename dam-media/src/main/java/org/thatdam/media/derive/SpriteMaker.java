package org.thatdam.media.derive;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.thatdam.media.ffmpeg.MediaInput;
import org.thatdam.model.AssetKind;
import org.thatdam.model.MediaInfo;
import org.thatdam.media.MediaException;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegFailure;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;
import org.thatdam.media.libav.DecodedFrame;
import org.thatdam.media.libav.FrameRequest;
import org.thatdam.media.worker.MediaWorkers;
import org.thatdam.storage.AtomicFiles;

/**
 * Trickplay thumbnails for a video's seek bar: one {@value #TILE_WIDTH}-pixel-wide tile every
 * {@code intervalSec}, in JPEG sheets {@code sprite-0.jpg}, {@code sprite-1.jpg}, … of at most
 * {@value #GRID}x{@value #GRID} tiles, and a WebVTT index {@code sprite.vtt} whose cues point into
 * the sheets with {@code #xywh=} fragments.
 *
 * <p>ffmpeg decodes (key frames only: a media worker when there are any, which seeks from key frame to key
 * frame instead of reading the whole file), picks one frame per interval ({@code fps}
 * filter: the tile of cue [k·i, (k+1)·i) is the last frame before about k·i + i/2, i.e. from the
 * middle of its cue; with key frames only, the last key frame before that), scales it to the tile
 * size and writes raw RGB frames to a temporary file; the number of
 * tiles is that file's size divided by the size of one frame, so the index always describes exactly
 * the tiles that exist, whatever ffmpeg's rounding at the end of the stream did. The sheets are
 * assembled here. Every file is written atomically; the VTT goes last (a reader that sees the new
 * index sees the new sheets), then sheets left over from an earlier, longer sprite are deleted.
 */
public final class SpriteMaker {

    static final int TILE_WIDTH = 160;
    static final int GRID = 10;
    static final int TILES_PER_SHEET = GRID * GRID;
    /** Long videos get a longer interval so that there are at most this many tiles. */
    static final int MAX_TILES = 100;
    static final String VTT_NAME = "sprite.vtt";
    private static final Pattern SHEET = Pattern.compile("sprite-(\\d+)\\.jpg");
    private static final float JPEG_QUALITY = 0.8f;
    /** Share of the progress bar for the ffmpeg run; assembling and writing take the rest. */
    private static final double DECODE_SHARE = 0.9;

    private final FfmpegTools tools;
    private final Duration timeout;
    /** Null: an ffmpeg process decodes. */
    private final MediaWorkers workers;

    /** Decoding in the configured media workers, else ffmpeg. */
    public SpriteMaker(FfmpegTools tools, Duration timeout) {
        this(tools, timeout, MediaWorkers.configured());
    }

    /** Decoding in {@code workers} (null: an ffmpeg process). */
    public SpriteMaker(FfmpegTools tools, Duration timeout, MediaWorkers workers) {
        this.tools = tools;
        this.timeout = timeout;
        this.workers = workers;
    }

    /** Whole seconds, at least 1, and long enough that a video gets at most {@value #MAX_TILES} tiles. */
    static double intervalFor(double durationSec) {
        return Math.max(1, Math.ceil(durationSec / MAX_TILES - 1e-9));
    }

    public static String sheetName(int index) {
        return "sprite-" + index + ".jpg";
    }

    public SpriteResult make(Path input, MediaInfo info, Path outDir, boolean keyframesOnly, ProgressListener progress,
                             BooleanSupplier cancel) {
        MediaInput.checkReadable(input);
        MediaInfo m = Support.complete(info, tools, timeout, input);
        if (m.kind() != AssetKind.VIDEO) {
            throw new MediaException("no sprite for a file of kind " + m.kind().id());
        }
        if (m.durationSec() == null || !(m.durationSec() > 0)) {
            throw new MediaException("cannot make a sprite: the duration is unknown");
        }
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        double duration = m.durationSec();
        double interval = intervalFor(duration);
        Size tile = Support.widthFor(Support.displaySize(m), TILE_WIDTH);
        ToolRunner.checkCancelled(cancel);

        Set<Path> taken = Support.newTaken();
        List<Path> temps = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
            Path raw = Support.temp(outDir.resolve("sprite.rgb"), taken);
            temps.add(raw);
            long expected = (long) Math.ceil(duration / interval - 1e-9);
            MediaWorkers pool = keyframesOnly ? workers : null; // every frame: one ffmpeg is as fast
            MediaWorkers.orProcesses(pool, () -> {
                keyFramesInWorkers(input, raw, interval, tile, expected, listener, cancel);
                return null;
            }, () -> {
                decode(input, raw, keyframesOnly, interval, tile, duration, listener, cancel);
                return null;
            });
            ToolRunner.checkCancelled(cancel);

            long frameBytes = 3L * tile.width() * tile.height();
            long produced = Files.size(raw) / frameBytes;
            int tiles = (int) Math.min(produced, expected); // a frame ffmpeg adds at the very end has no time left
            if (tiles == 0) {
                throw new MediaException("cannot make a sprite: no video frame could be decoded");
            }
            int columns = Math.min(GRID, tiles);
            int sheetCount = (tiles + TILES_PER_SHEET - 1) / TILES_PER_SHEET;

            List<Path> sheetTemps = new ArrayList<>();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(raw), 1 << 16)) {
                for (int s = 0; s < sheetCount; s++) {
                    ToolRunner.checkCancelled(cancel);
                    int n = Math.min(TILES_PER_SHEET, tiles - s * TILES_PER_SHEET);
                    BufferedImage sheet = assemble(in, n, columns, tile);
                    Path t = Support.temp(outDir.resolve(sheetName(s)), taken);
                    temps.add(t);
                    writeJpeg(sheet, t);
                    sheetTemps.add(t);
                    listener.progress(DECODE_SHARE + (1 - DECODE_SHARE) * 0.9 * (s + 1) / sheetCount);
                }
            }
            Support.deleteQuietly(raw);
            String vtt = vtt(tiles, interval, duration, tile, columns);
            Path vttTemp = Support.temp(outDir.resolve(VTT_NAME), taken);
            temps.add(vttTemp);
            Files.writeString(vttTemp, vtt, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            ToolRunner.checkCancelled(cancel);

            // From here on nothing is abandoned half way: sheets first, the index last.
            List<Path> sheets = new ArrayList<>();
            for (int s = 0; s < sheetCount; s++) {
                Path target = outDir.resolve(sheetName(s));
                AtomicFiles.commit(sheetTemps.get(s), target);
                sheets.add(target);
            }
            Path vttPath = outDir.resolve(VTT_NAME);
            AtomicFiles.commit(vttTemp, vttPath);
            deleteStaleSheets(outDir, sheetCount);
            listener.progress(1.0);
            return new SpriteResult(tiles, interval, tile, columns, sheets, vttPath, keyframesOnly);
        } catch (IOException e) {
            throw Support.io("cannot write the sprite", e);
        } finally {
            Support.deleteQuietly(temps);
        }
    }

    private void decode(Path input, Path raw, boolean keyframesOnly, double interval, Size tile, double duration,
                        ProgressListener listener, BooleanSupplier cancel) {
        FfmpegArgs args = FfmpegArgs.ffmpeg().progress();
        if (keyframesOnly) {
            args.add("-skip_frame", "nokey");
        }
        args.input(input).add("-map", "0:V:0",
                "-vf", "fps=fps=1/" + FfmpegArgs.num(interval) + ":eof_action=pass,scale=" + tile.width() + ":"
                        + tile.height() + ":flags=bicubic,setsar=1,format=rgb24",
                "-f", "rawvideo", "-pix_fmt", "rgb24").output(raw);
        FfmpegProgress fp = new FfmpegProgress(duration, f -> listener.progress(f * DECODE_SHARE));
        ProcessResult r = ToolRunner.run(tools.ffmpeg(), args.list(), timeout, fp::accept, cancel);
        if (!r.ok()) {
            throw FfmpegFailure.of("cannot make a sprite", r, input);
        }
    }

    /**
     * The key-frame tiles from a media worker into {@code raw}, upright: for each cue the last key frame before
     * its middle (what the fps filter keeps of key frames), found by seeking from key frame to key frame, so the
     * rest of the file is not even read. The last cue gets one too, where the filter's end of stream may drop
     * it. Sprites of every frame stay with ffmpeg: a worker decodes them no faster, and the fps filter's
     * {@code eof_action=pass} keeps the one tile of a clip shorter than half an interval.
     */
    private void keyFramesInWorkers(Path input, Path raw, double interval, Size tile, long expected,
                                    ProgressListener listener, BooleanSupplier cancel) throws IOException {
        List<Double> middles = new ArrayList<>();
        for (long k = 0; k < expected; k++) {
            middles.add(Math.nextDown((k + 0.5) * interval)); // a frame right at the middle belongs to the next cue
        }
        FrameRequest request = new FrameRequest(middles, null, tile.width(), tile.height(), FrameRequest.PixelFormat.RGB,
                FrameRequest.Scaler.BICUBIC, true, false, true, false);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(raw, StandardOpenOption.CREATE_NEW),
                1 << 16)) {
            long[] written = {0};
            workers.frames("cannot make a sprite", input, request, f -> {
                out.write(tilePixels(f, tile));
                written[0]++;
                listener.progress(DECODE_SHARE * Math.min(1.0, written[0] / (double) expected));
                return written[0] < expected;
            }, cancel, timeout);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The frame as RGB bytes of exactly the tile's size. The decoder never upscales and rounds its own way, so a
     * picture narrower than a tile (or a pixel off) is drawn to the tile's size, as ffmpeg's scale would have.
     */
    static byte[] tilePixels(DecodedFrame f, Size tile) {
        if (f.format() != FrameRequest.PixelFormat.RGB || f.pixels().length != 3 * f.width() * f.height()) {
            throw new MediaException("the media decoder returned a frame of an unexpected form");
        }
        if (f.width() == tile.width() && f.height() == tile.height()) {
            return f.pixels();
        }
        BufferedImage img = new BufferedImage(tile.width(), tile.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(f.toImage(), 0, 0, tile.width(), tile.height(), null);
        } finally {
            g.dispose();
        }
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        byte[] out = new byte[3 * px.length];
        for (int i = 0, p = 0; i < px.length; i++, p += 3) {
            out[p] = (byte) (px[i] >> 16);
            out[p + 1] = (byte) (px[i] >> 8);
            out[p + 2] = (byte) px[i];
        }
        return out;
    }

    /** Reads {@code n} raw RGB tiles and lays them out row by row, {@code columns} per row. */
    private static BufferedImage assemble(InputStream in, int n, int columns, Size tile) throws IOException {
        int rows = (n + columns - 1) / columns;
        int w = tile.width(), h = tile.height();
        BufferedImage img = new BufferedImage(columns * w, rows * h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int stride = columns * w;
        byte[] frame = new byte[3 * w * h];
        for (int i = 0; i < n; i++) {
            if (in.readNBytes(frame, 0, frame.length) != frame.length) {
                throw new IOException("the decoded tiles ended early");
            }
            int x0 = (i % columns) * w, y0 = (i / columns) * h;
            for (int y = 0, p = 0; y < h; y++) {
                int row = (y0 + y) * stride + x0;
                for (int x = 0; x < w; x++, p += 3) {
                    px[row + x] = (frame[p] & 0xff) << 16 | (frame[p + 1] & 0xff) << 8 | (frame[p + 2] & 0xff);
                }
            }
        }
        return img;
    }

    private static void writeJpeg(BufferedImage img, Path file) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG writer in this Java runtime");
        }
        ImageWriter writer = writers.next();
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW);
             MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }

    /** The WebVTT index: contiguous cues from 0 to the end of the video, one per tile. */
    static String vtt(int tiles, double interval, double duration, Size tile, int columns) {
        StringBuilder b = new StringBuilder("WEBVTT\n\n");
        long endMs = Math.round(duration * 1000);
        for (int i = 0; i < tiles; i++) {
            long from = Math.round(i * interval * 1000);
            long to = i == tiles - 1 ? endMs : Math.round((i + 1) * interval * 1000);
            int j = i % TILES_PER_SHEET;
            b.append(clock(from)).append(" --> ").append(clock(to)).append('\n')
                    .append(sheetName(i / TILES_PER_SHEET)).append("#xywh=")
                    .append((j % columns) * tile.width()).append(',').append((j / columns) * tile.height()).append(',')
                    .append(tile.width()).append(',').append(tile.height()).append("\n\n");
        }
        return b.toString();
    }

    static String clock(long ms) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                ms % 1000);
    }

    private static void deleteStaleSheets(Path outDir, int sheetCount) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(outDir, "sprite-*.jpg")) {
            for (Path p : ds) {
                Matcher mt = SHEET.matcher(p.getFileName().toString());
                // Only names this class writes: no leading zeros, a plausible index.
                if (mt.matches() && mt.group(1).length() <= 6 && sheetName(Integer.parseInt(mt.group(1))).equals(
                        p.getFileName().toString()) && Integer.parseInt(mt.group(1)) >= sheetCount) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
