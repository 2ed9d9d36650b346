package org.thatdam.cli.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.thatdam.model.DamException;
import org.thatdam.cli.format.Units;

/**
 * A server named on the command line ({@code --server URL}) and the API key sent to it
 * ({@code --api-key-file FILE}, else {@value #KEY_ENV}), checked the same way by every command that
 * talks to a server of another machine ({@code dam upload}, {@code dam tui}).
 */
public record ServerAddress(String baseUrl, Optional<String> key) {

    public static final String KEY_ENV = "DAM_API_KEY";

    /** {@code server} checked as a base URL, with the key of {@code keyFile} or else of {@value #KEY_ENV} (none is fine for a server without users). */
    public static ServerAddress of(String server, Path keyFile) {
        return new ServerAddress(base(server), keyFile != null ? Optional.of(readKey(keyFile))
                : Optional.ofNullable(System.getenv(KEY_ENV)).map(String::strip).filter(k -> !k.isEmpty()));
    }

    /**
     * {@code http(s)://HOST[:PORT][/PATH]} without a trailing slash; anything else (another scheme, a
     * user, a query, a fragment, no host) refused in words that name {@code --server}.
     */
    public static String base(String server) {
        if (server == null) throw DamException.invalid("--server: expected http://HOST[:PORT] or https://HOST[:PORT]");
        URI u;
        try {
            u = new URI(server.strip());
        } catch (URISyntaxException e) {
            throw DamException.invalid("--server: not a URL: " + Units.clean(server));
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw DamException.invalid("--server: expected http://HOST[:PORT] or https://HOST[:PORT], got " + Units.clean(server));
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw DamException.invalid("--server: give only the server's address (no user, query or fragment): " + Units.clean(server));
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
        return scheme + "://" + u.getRawAuthority() + path;
    }

    private static String readKey(Path file) {
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (key.isEmpty()) throw DamException.invalid("--api-key-file: " + file + " is empty");
            return key;
        } catch (IOException e) {
            throw DamException.notFound("--api-key-file: cannot read " + file);
        }
    }
}
