package org.thatdam.media.capture.devices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;

/**
 * Answers as the devices of a real machine answered (captured under {@code src/test/resources}): a
 * reply per program and device path; a path with no reply does not answer (as a hung device).
 */
final class FixtureRunner implements CommandRunner {

    private final Set<String> installed;
    private final Map<String, Answer> replies = new HashMap<>();
    final List<List<String>> calls = new ArrayList<>();

    FixtureRunner(String... installed) {
        this.installed = Set.of(installed);
    }

    /** What {@code program} answers when its last argument is {@code lastArg}. */
    FixtureRunner reply(String program, String lastArg, int exit, String stdoutResource, String stderrResource) {
        replies.put(program + " " + lastArg, new Answer(exit, resource(stdoutResource), resource(stderrResource)));
        return this;
    }

    @Override
    public boolean has(String program) {
        return installed.contains(program);
    }

    @Override
    public synchronized Answer run(String program, List<String> args, Duration timeout) {
        if (!installed.contains(program)) throw new AssertionError(program + " is not installed: it must not be run");
        calls.add(new ArrayList<>(List.of(program)) {{ addAll(args); }});
        Answer a = replies.get(program + " " + args.getLast());
        if (a == null) throw new DamException(ErrorCode.UNAVAILABLE, program + " did not answer: timed out after " + timeout.toSeconds() + " s");
        return a;
    }

    static String resource(String name) {
        if (name == null) return "";
        try (InputStream in = FixtureRunner.class.getResourceAsStream("/" + name)) {
            if (in == null) throw new AssertionError("no fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
