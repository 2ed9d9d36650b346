package org.thatdam.media.capture.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.model.AudioInput;
import org.thatdam.model.DamException;

/**
 * The sound inputs of this machine that can be paired with a picture: ALSA capture devices from
 * {@code /proc/asound/pcm} ({@code alsa:hw:CARD,DEVICE}, named after their card in
 * {@code /proc/asound/cards}), then PulseAudio (or PipeWire's pulse) sources from
 * {@code pactl list short sources} where pactl is installed and answers within {@link #PACTL_TIMEOUT},
 * without the {@code .monitor} sources (what a machine plays, not what it hears).
 */
public final class AudioInputs {

    private static final Logger LOG = LoggerFactory.getLogger(AudioInputs.class);

    public static final Duration PACTL_TIMEOUT = Duration.ofSeconds(2);
    static final int MAX_INPUTS = 64;
    private static final long MAX_FILE = 64 * 1024;

    /** {@code 01-00: USB Audio : USB Audio : capture 1} — card-device: id : name : streams. */
    private static final Pattern PCM = Pattern.compile("^(\\d{1,2})-(\\d{1,3}):\\s*(.*?)\\s*:\\s*(.*?)\\s*:(.*)$");
    /** {@code  1 [C920           ]: USB-Audio - HD Pro Webcam C920}. */
    private static final Pattern CARD = Pattern.compile("^\\s*(\\d{1,2})\\s*\\[[^\\]]*\\]:\\s*\\S+\\s+-\\s+(.*)$");
    /** A pulse source name as it may go into an ffmpeg argument: printable, no spaces. */
    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9._:@+-]{1,200}");

    private final Path asound;
    private final CommandRunner runner;

    /**
     * @param asound {@code /proc/asound}
     * @param runner runs pactl
     */
    public AudioInputs(Path asound, CommandRunner runner) {
        this.asound = asound;
        this.runner = runner;
    }

    public static AudioInputs system(FfmpegTools tools) {
        return new AudioInputs(Path.of("/proc/asound"), CommandRunner.system(tools));
    }

    /** ALSA inputs first, then pulse sources. */
    public List<AudioInput> list() {
        List<AudioInput> out = new ArrayList<>(alsa());
        for (AudioInput a : pulse()) {
            if (out.size() < MAX_INPUTS) out.add(a);
        }
        return out;
    }

    List<AudioInput> alsa() {
        String pcm = read(asound.resolve("pcm"));
        if (pcm == null) return List.of();
        Map<Integer, String> cards = cards(read(asound.resolve("cards")));
        List<AudioInput> out = new ArrayList<>();
        for (String line : pcm.split("\n", 1000)) {
            Matcher m = PCM.matcher(line.strip());
            if (!m.matches() || !m.group(5).contains("capture") || out.size() >= MAX_INPUTS) continue;
            int card = Integer.parseInt(m.group(1));
            int device = Integer.parseInt(m.group(2));
            String pcmName = V4l2CtlAnswer.clean(m.group(4).isEmpty() ? m.group(3) : m.group(4));
            String cardName = cards.get(card);
            String name = cardName == null ? pcmName
                    : pcmName == null || cardName.equals(pcmName) ? cardName : cardName + ": " + pcmName;
            out.add(new AudioInput("alsa:hw:" + card + "," + device, name == null ? "hw:" + card + "," + device : name, "alsa"));
        }
        return out;
    }

    private static Map<Integer, String> cards(String text) {
        Map<Integer, String> out = new HashMap<>();
        if (text == null) return out;
        for (String line : text.split("\n", 1000)) {
            Matcher m = CARD.matcher(line);
            if (m.matches()) {
                String name = V4l2CtlAnswer.clean(m.group(2));
                if (name != null) out.put(Integer.parseInt(m.group(1)), name);
            }
        }
        return out;
    }

    List<AudioInput> pulse() {
        if (!runner.has(CommandRunner.PACTL)) return List.of();
        CommandRunner.Answer a;
        try {
            a = runner.run(CommandRunner.PACTL, List.of("list", "short", "sources"), PACTL_TIMEOUT);
        } catch (DamException e) {
            LOG.info("no PulseAudio sources: {}", e.getMessage());
            return List.of();
        }
        if (a.exitCode() != 0) {
            // No sound server for this user (a headless server, mostly): no pulse sources, said once in the log.
            LOG.info("no PulseAudio sources: pactl ended with {}: {}", a.exitCode(), V4l2CtlAnswer.clean(a.stderr()));
            return List.of();
        }
        List<AudioInput> out = new ArrayList<>();
        for (String line : a.stdout().split("\n", 1000)) {
            String[] cols = line.split("\t");
            if (cols.length < 2 || out.size() >= MAX_INPUTS) continue;
            String name = cols[1].strip();
            if (name.endsWith(".monitor") || !SOURCE_NAME.matcher(name).matches()) continue;
            out.add(new AudioInput("pulse:" + name, name, "pulse"));
        }
        return out;
    }

    private static String read(Path p) {
        try {
            if (!Files.isRegularFile(p)) return null;
            // /proc files report size 0: read up to a limit instead of trusting the size.
            try (var in = Files.newInputStream(p)) {
                return new String(in.readNBytes((int) MAX_FILE), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", p, e.toString());
            return null;
        }
    }
}
