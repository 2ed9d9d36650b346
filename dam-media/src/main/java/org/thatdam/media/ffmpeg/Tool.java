package org.thatdam.media.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.thatdam.media.MediaException;

/** An executable and the extra environment it needs to start (e.g. where its shared libraries are). */
public record Tool(Path executable, Map<String, String> environment) {

    public Tool {
        if (!Files.isExecutable(executable)) {
            throw new MediaException("not an executable file: " + executable);
        }
        environment = Map.copyOf(environment);
    }

    public static Tool of(Path executable) {
        return new Tool(executable, Map.of());
    }

    public String name() {
        return executable.getFileName().toString();
    }
}
