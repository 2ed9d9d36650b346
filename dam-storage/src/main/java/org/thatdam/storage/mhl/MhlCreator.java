package org.thatdam.storage.mhl;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/** Who wrote a generation: the tool and its version, the machine, and optionally a person and a comment. */
public record MhlCreator(String tool, String version, String hostname, Optional<String> author, Optional<String> comment) {

    public static final String TOOL = "That DAM Toolbox";

    public MhlCreator {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(hostname, "hostname");
        author = author.filter(a -> !a.isBlank());
        comment = comment.filter(c -> !c.isBlank());
    }

    /** This program on this machine, written by {@code author} when known. */
    public static MhlCreator ours(Optional<String> author) {
        String v = MhlCreator.class.getPackage().getImplementationVersion();
        return new MhlCreator(TOOL, v == null ? "dev" : v, Host.NAME, author, Optional.empty());
    }

    /** Looked up once: a resolver that is slow to answer should not slow every generation. */
    private static final class Host {
        static final String NAME = lookup();

        private static String lookup() {
            String env = System.getenv("HOSTNAME");
            if (env != null && !env.isBlank()) return env.strip();
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "localhost";
            }
        }
    }
}
