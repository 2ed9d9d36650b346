package org.thatdam.media.capture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.thatdam.media.ffmpeg.FfmpegArgs;
import org.thatdam.media.ffmpeg.FfmpegTools;
import org.thatdam.media.ffmpeg.ProcessResult;
import org.thatdam.media.ffmpeg.ToolRunner;

/** What the real ffprobe and ffmpeg say of a recorded file. */
record Probe(JsonNode json) {

    static Probe of(Path file) throws Exception {
        List<String> args = FfmpegArgs.ffprobe().add("-count_frames", "-show_streams", "-show_format", "-of", "json",
                FfmpegArgs.file(file)).list();
        ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffprobe(), args, Duration.ofSeconds(60));
        if (!r.ok()) throw new AssertionError("ffprobe failed on " + file + ": " + r.stderrTail());
        return new Probe(new ObjectMapper().readTree(r.stdout()));
    }

    List<String> streamKinds() {
        List<String> out = new ArrayList<>();
        for (JsonNode s : json.path("streams")) {
            out.add(s.path("codec_type").asText() + ":" + s.path("codec_tag_string").asText());
        }
        return out;
    }

    JsonNode stream(String type) {
        for (JsonNode s : json.path("streams")) if (s.path("codec_type").asText().equals(type)) return s;
        throw new AssertionError("no " + type + " stream in " + json);
    }

    String tmcdTimecode() {
        for (JsonNode s : json.path("streams")) {
            if (s.path("codec_tag_string").asText().equals("tmcd")) return s.path("tags").path("timecode").asText();
        }
        throw new AssertionError("no tmcd stream in " + json);
    }

    long videoFramesDecoded() {
        return stream("video").path("nb_read_frames").asLong();
    }

    double videoSeconds() {
        return stream("video").path("duration").asDouble();
    }

    String tag(String name) {
        return json.path("format").path("tags").path(name).asText();
    }

    /** Decodes the whole file with ffmpeg; returns its error text, empty when it decoded cleanly. */
    static String decodeErrors(Path file) {
        List<String> args = FfmpegArgs.ffmpeg().add("-xerror").input(file).add("-f", "null", "-").list();
        ProcessResult r = ToolRunner.run(FfmpegTools.bundled().ffmpeg(), args, Duration.ofSeconds(60));
        return r.ok() ? r.stderrTail().strip() : "exit " + r.exitCode() + ": " + r.stderrTail();
    }
}
