package org.thatdam.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.thatdam.semantic.ocr.ScreenTextReader;
import org.thatdam.semantic.ocr.TextRegion;

/**
 * On-screen text: the time to read one 1920x1080 keyframe (a slide: a title and six bullet lines, rendered here)
 * with the PP-OCR pipeline, models loaded and warmed up, against tesseract reading the same frame from a PNG
 * (a process per frame, as it is used from the command line).
 */
final class OcrBench {

    static final String[] LINES = {"Q3 roadmap", "Launch the new player in October", "Search by what is said and shown",
            "Scenes, beats and keyframes", "Near-duplicate detection", "Budget: 120k EUR", "Owner: platform team"};

    private OcrBench() {}

    /** This section alone: {@code OcrBench quick|full WORK_DIR}; prints its table. */
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[1]);
        java.nio.file.Files.createDirectories(work);
        System.out.print(Table.render(run(new Peers(), work, args[0].equals("quick")).rows()));
    }

    static Section run(Peers peers, Path work, boolean quick) throws Exception {
        BufferedImage frame = slide();
        Path png = work.resolve("ocr-keyframe-1920x1080.png");
        ImageIO.write(frame, "png", png.toFile());
        int n = quick ? 10 : 30;

        ScreenTextReader reader = ScreenTextReader.shared();
        long load = System.nanoTime();
        List<TextRegion> found = reader.read(frame); // loads the models, then a warm-up run
        long loadMs = (System.nanoTime() - load) / 1_000_000;
        reader.read(frame);
        Timed<List<TextRegion>> ours = Timed.run("ocr", () -> {
            List<TextRegion> last = null;
            for (int i = 0; i < n; i++) last = reader.read(frame);
            return last;
        });
        double oursMs = (double) ours.ms() / n;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input", "1920x1080 slide, " + LINES.length + " lines of text");
        json.put("frames", n);
        json.put("firstReadWithModelLoadMs", loadMs);
        Map<String, Object> o = new LinkedHashMap<>();
        ours.into(o);
        o.put("msPerFrame", Timed.round2(oursMs));
        o.put("lines", found.stream().map(TextRegion::text).toList());
        json.put("ours", o);

        String note = String.format(Locale.ROOT, "PP-OCRv4 det+cls+rec on ONNX Runtime (%d intra-op threads), %d of %d"
                + " lines read back; models loaded once (%d ms first read)", Math.min(2, Runtime.getRuntime().availableProcessors()),
                readBack(found.stream().map(TextRegion::text).toList()), LINES.length, loadMs);
        if (!peers.tesseract.present()) {
            return new Section(json, List.of(Row.skipped("ocr.keyframe-1080p vs tesseract", oursMs, "ms", false,
                    note + "; " + peers.tesseract.skipReason())));
        }
        int m = quick ? 3 : 10;
        Cmd.run(List.of(peers.tesseract.exe(), png.toString(), "stdout"), Duration.ofMinutes(2)); // warm the page cache
        Timed<String> peer = Timed.run("tesseract", () -> {
            String text = null;
            for (int i = 0; i < m; i++) {
                text = Cmd.run(List.of(peers.tesseract.exe(), png.toString(), "stdout"), Duration.ofMinutes(2)).text();
            }
            return text;
        });
        double peerMs = (double) peer.ms() / m;
        Map<String, Object> p = new LinkedHashMap<>();
        peer.into(p);
        p.put("msPerFrame", Timed.round2(peerMs));
        p.put("text", peer.value());
        json.put("tesseract", p);
        note += String.format(Locale.ROOT, "; tesseract %s (eng, a process per frame) read back %d of %d", peers.tesseract.version(),
                readBack(List.of(peer.value().split("\n"))), LINES.length);
        return new Section(json, List.of(Row.compare("ocr.keyframe-1080p vs tesseract", oursMs, peerMs, "ms", false, note)));
    }

    /** How many of {@link #LINES} appear (case-insensitively) in what was read. */
    private static int readBack(List<String> read) {
        String all = String.join("\n", read).toLowerCase(Locale.ROOT);
        int n = 0;
        for (String l : LINES) if (all.contains(l.toLowerCase(Locale.ROOT))) n++;
        return n;
    }

    /** A 1080p slide: a large title, then bullet lines, dark on light. */
    static BufferedImage slide() {
        BufferedImage img = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(246, 246, 242));
            g.fillRect(0, 0, 1920, 1080);
            g.setColor(new Color(30, 60, 120));
            g.fillRect(0, 0, 1920, 180);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 96));
            g.drawString(LINES[0], 120, 130);
            g.setColor(new Color(25, 25, 35));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 60));
            for (int i = 1; i < LINES.length; i++) g.drawString(LINES[i], 160, 300 + (i - 1) * 120);
        } finally {
            g.dispose();
        }
        return img;
    }
}
