package org.thatdam.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The run from which the launcher makes the class-data archive (AOT cache) every later start maps:
 * the everyday read commands on a throw-away library of one short tone, so the archive holds the
 * classes they load (a dynamic archive made at the exit of whatever command happened to run first
 * would hold only that command's). Nothing is printed; the library is deleted at the end.
 */
public final class StartupTraining {

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("dam-startup-");
        try {
            Path media = Files.createDirectories(dir.resolve("media"));
            Path tone = Files.write(media.resolve("tone.wav"), toneWav());
            // an hour old: a file written just now would be awaited as one still being copied
            Files.setLastModifiedTime(tone, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            String home = dir.resolve("home").toString();
            List<List<String>> commands = List.of(
                    List.of("--help"), List.of("--version"), List.of("list", "--help"),
                    List.of("scan", media.toString()),
                    List.of("list"), List.of("list", "--json"), List.of("recent"),
                    List.of("show", "1"), List.of("show", "1", "--json"), List.of("show", "999"),
                    List.of("search", "tone"), List.of("search", "tone", "--json", "--facets"), List.of("search", "\"open"),
                    List.of("stats"));
            for (List<String> command : commands) {
                String[] line = Stream.concat(Stream.of("--home", home), command.stream()).toArray(String[]::new);
                if (command.getFirst().startsWith("-")) line = command.toArray(String[]::new);
                CommandLine cl = Main.commandLine(line);
                cl.setOut(new PrintWriter(Writer.nullWriter()));
                cl.setErr(new PrintWriter(Writer.nullWriter()));
                cl.execute(line);
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** Half a second of a 440 Hz tone, 8 kHz mono 16-bit PCM, as a WAV file. */
    static byte[] toneWav() {
        int rate = 8000, samples = rate / 2, data = samples * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(data);
        for (int i = 0; i < samples; i++) b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        return b.array();
    }
}
