package org.thatdam.media.capture.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.model.AudioInput;

/** Sound inputs from /proc/asound and pactl, on answers captured from a desktop with a webcam and an HDMI dongle. */
class AudioInputsTest {

    @TempDir
    Path asound;

    private void proc() throws IOException {
        Files.writeString(asound.resolve("cards"), FixtureRunner.resource("asound/cards"));
        Files.writeString(asound.resolve("pcm"), FixtureRunner.resource("asound/pcm"));
    }

    @Test
    void alsaCaptureDevicesAreNamedAfterTheirCardAndPlaybackOnesLeftOut() throws IOException {
        proc();
        List<AudioInput> inputs = new AudioInputs(asound, new FixtureRunner()).list();

        assertThat(inputs).containsExactly(
                new AudioInput("alsa:hw:0,0", "HDA Intel PCH: ALC892 Analog", "alsa"),
                new AudioInput("alsa:hw:0,2", "HDA Intel PCH: ALC892 Alt Analog", "alsa"),
                new AudioInput("alsa:hw:1,0", "HD Pro Webcam C920: USB Audio", "alsa"),
                new AudioInput("alsa:hw:2,0", "Cam Link 4K: USB Audio", "alsa"));
    }

    @Test
    void pulseSourcesFollowWithoutMonitorsOrNamesUnfitForAnArgument() throws IOException {
        proc();
        FixtureRunner pactl = new FixtureRunner(CommandRunner.PACTL)
                .reply("pactl", "sources", 0, "asound/pactl-short-sources.txt", null);
        List<AudioInput> inputs = new AudioInputs(asound, pactl).list();

        assertThat(inputs).hasSize(6);
        assertThat(inputs.subList(4, 6)).containsExactly(
                new AudioInput("pulse:alsa_input.pci-0000_00_1f.3.analog-stereo", "alsa_input.pci-0000_00_1f.3.analog-stereo", "pulse"),
                new AudioInput("pulse:alsa_input.usb-046d_HD_Pro_Webcam_C920_8C6B2E5F-02.analog-stereo",
                        "alsa_input.usb-046d_HD_Pro_Webcam_C920_8C6B2E5F-02.analog-stereo", "pulse"));
        assertThat(pactl.calls).containsExactly(List.of("pactl", "list", "short", "sources"));
    }

    @Test
    void aSoundServerThatIsNotThereOrDoesNotAnswerLeavesTheAlsaInputs() throws IOException {
        proc();
        FixtureRunner refused = new FixtureRunner(CommandRunner.PACTL)
                .reply("pactl", "sources", 1, null, "asound/pactl-no-server.stderr");
        assertThat(new AudioInputs(asound, refused).list()).hasSize(4).allMatch(a -> a.kind().equals("alsa"));

        FixtureRunner silent = new FixtureRunner(CommandRunner.PACTL); // no reply: timed out
        assertThat(new AudioInputs(asound, silent).list()).hasSize(4);
        assertThat(silent.calls).hasSize(1);
    }

    @Test
    void aMachineWithoutSoundHasNoInputs() {
        assertThat(new AudioInputs(asound.resolve("none"), new FixtureRunner()).list()).isEmpty();
    }

    @Test
    void damagedProcFilesAreReadWithoutHarm() throws IOException {
        Files.writeString(asound.resolve("cards"), " 7 [X]: broken\n 99999999999 [Y ]: A - B\n");
        Files.writeString(asound.resolve("pcm"), "07-00: \u001b[2Jevil : \u0007 : capture 1\nnot a line\n"
                + "99999-1: a : b : capture 1\n" + "01-00: x : y : capture 1\n".repeat(500));
        List<AudioInput> inputs = new AudioInputs(asound, new FixtureRunner()).list();

        assertThat(inputs).hasSize(AudioInputs.MAX_INPUTS);
        assertThat(inputs.getFirst()).isEqualTo(new AudioInput("alsa:hw:7,0", "[2Jevil", "alsa"));
    }
}
