package org.thatdam.media.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.thatdam.media.MediaException;

/**
 * Where the ffmpeg and ffprobe executables are. By default the ones bundled in the
 * {@code org.bytedeco:ffmpeg} GPL jar (unpacked once into the JavaCPP cache); a configured path
 * (for example a system ffmpeg with hardware encoders) wins when given.
 */
public record FfmpegTools(Tool ffmpeg, Tool ffprobe) {

    private static volatile FfmpegTools bundled;

    static {
        // The GPL build (libx264, libx265) is packaged under the "-gpl" platform extension;
        // JavaCPP only looks there when told so before it first loads anything.
        if (System.getProperty("org.bytedeco.javacpp.platform.extension") == null) {
            System.setProperty("org.bytedeco.javacpp.platform.extension", "-gpl");
        }
    }

    /** The bundled binaries, unpacked on first use. */
    public static FfmpegTools bundled() {
        FfmpegTools t = bundled;
        if (t == null) {
            synchronized (FfmpegTools.class) {
                t = bundled;
                if (t == null) {
                    try {
                        Path ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
                        Path ffprobe = Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
                        Path libs = ffmpeg.getParent();
                        linkSonames(libs);
                        // The bundled libav* libraries have no run path of their own: their
                        // dependencies (libva) are found through the library path.
                        Map<String, String> env = Map.of("LD_LIBRARY_PATH", libs.toString());
                        t = new FfmpegTools(new Tool(ffmpeg, env), new Tool(ffprobe, env));
                    } catch (RuntimeException | UnsatisfiedLinkError | java.io.IOException e) {
                        throw new MediaException("cannot unpack the bundled ffmpeg for this platform ("
                                + Loader.getPlatform() + "): " + e.getMessage(), e);
                    }
                    bundled = t;
                }
            }
        }
        return t;
    }

    /**
     * The jar ships libva as {@code libva.so} while the executables ask the dynamic linker for
     * {@code libva.so.2} (found next to them through their $ORIGIN run path). JavaCPP only needs
     * the former for in-process loading; child processes need the soname too.
     */
    private static void linkSonames(Path dir) throws java.io.IOException {
        for (String lib : new String[] {"libva.so", "libva-drm.so"}) {
            Path target = dir.resolve(lib);
            Path link = dir.resolve(lib + ".2");
            if (Files.exists(target) && !Files.exists(link)) {
                Path tmp = dir.resolve(".link-" + ProcessHandle.current().pid() + "-" + lib);
                Files.deleteIfExists(tmp);
                Files.createSymbolicLink(tmp, target.getFileName());
                Files.move(tmp, link, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Configured paths where given, the bundled binaries otherwise. */
    public static FfmpegTools resolve(Path ffmpegOrNull, Path ffprobeOrNull) {
        if (ffmpegOrNull == null && ffprobeOrNull == null) {
            return bundled();
        }
        FfmpegTools b = ffmpegOrNull == null || ffprobeOrNull == null ? bundled() : null;
        return new FfmpegTools(ffmpegOrNull != null ? Tool.of(ffmpegOrNull) : b.ffmpeg(),
                ffprobeOrNull != null ? Tool.of(ffprobeOrNull) : b.ffprobe());
    }
}
