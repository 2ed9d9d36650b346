package org.thatdam.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.semantic.testing.Slides;

/** Videos of slides: pictures with text rendered in Java, encoded by the bundled ffmpeg, one slide per second. */
public final class SlideClips {
    private SlideClips() {}

    /** What {@link #deck()} shows: second 0–2 nothing, 2–4 the roadmap slide, 4–6 the closing slide. */
    public static final List<String[]> DECK = List.of(new String[0], new String[0],
            new String[] {"Q3 roadmap", "Launch in October"}, new String[] {"Q3 roadmap", "Launch in October"},
            new String[] {"Thank you"}, new String[] {"Thank you"});

    /** 6 s, 640x360 H.264: {@link #DECK}, one slide a second. */
    public static Path deck() {
        return clip("deck", 640, 360, DECK);
    }

    /** Slide {@code i} of {@code slides} fills second i of a clip of {@code width x height}. */
    public static synchronized Path clip(String name, int width, int height, List<String[]> slides) {
        Path frames = Path.of(System.getProperty("java.io.tmpdir"), "dam-test-media",
                "slides-" + name + "-" + width + "x" + height + "-" + slides.stream().map(List::of).toList().hashCode());
        try {
            Files.createDirectories(frames);
            for (int i = 0; i < slides.size(); i++) {
                Path png = frames.resolve("slide-" + i + ".png");
                if (!Files.exists(png)) {
                    Path tmp = frames.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + i + ".png");
                    ImageIO.write(Slides.slide(width, height, slides.get(i)), "png", tmp.toFile());
                    Files.move(tmp, png, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestMedia.make(name + ".mp4",
                List.of("-framerate", "1", "-start_number", "0", "-i", frames.resolve("slide-%d.png").toString()),
                "-vf", "fps=25,format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18");
    }
}
