package org.thatdam.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.thatdam.model.DamException;

/**
 * Where the catalog lives: {@code sqlite:PATH} (the embedded default) or
 * {@code postgresql://host[:port]/database[?params]}. Credentials never travel in the URL (it is shown by
 * {@code dam config}, logged and visible in process lists): they come from {@code DAM_CATALOG_USER} /
 * {@code DAM_CATALOG_PASSWORD}, else PostgreSQL's own {@code PGUSER} / {@code PGPASSWORD}.
 */
public record CatalogUrl(Engine engine, Path sqliteFile, String host, int port, String database, String params,
                         String user, String password) {

    public enum Engine { SQLITE, POSTGRESQL }

    public static final int DEFAULT_PORT = 5432;

    public CatalogUrl {
        // A password is a secret: keep it out of toString (records print every component).
        if (engine == Engine.SQLITE && sqliteFile == null) throw DamException.invalid("a SQLite catalog needs a file");
    }

    public static CatalogUrl sqlite(Path file) {
        return new CatalogUrl(Engine.SQLITE, file.toAbsolutePath().normalize(), null, 0, null, "", null, null);
    }

    /** Parses {@code text} with credentials from the process environment. */
    public static CatalogUrl parse(String text) {
        return parse(text, System.getenv());
    }

    public static CatalogUrl parse(String text, Map<String, String> env) {
        String t = text == null ? "" : text.strip();
        if (t.startsWith("sqlite:")) {
            String file = t.substring("sqlite:".length());
            if (file.startsWith("//")) file = file.substring(2);
            if (file.isBlank()) throw DamException.invalid("catalog URL \"" + t + "\" names no file: use sqlite:/path/to/catalog.db");
            return sqlite(Path.of(file));
        }
        if (t.startsWith("postgresql://") || t.startsWith("postgres://")) {
            return postgres(t, env);
        }
        throw DamException.invalid("catalog URL \"" + redact(t) + "\" is neither sqlite:PATH nor postgresql://HOST[:PORT]/DATABASE");
    }

    private static CatalogUrl postgres(String t, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw DamException.invalid("catalog URL \"" + redact(t) + "\" is not a valid URL: " + e.getReason());
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw DamException.invalid("catalog URL must not contain a password (it would show in `dam config`, logs and"
                    + " process lists): set DAM_CATALOG_PASSWORD instead");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) throw DamException.invalid("catalog URL \"" + redact(t) + "\" names no host");
        String path = uri.getPath() == null ? "" : uri.getPath();
        String database = path.startsWith("/") ? path.substring(1) : path;
        if (database.isBlank() || database.contains("/")) {
            throw DamException.invalid("catalog URL \"" + redact(t) + "\" must name one database: postgresql://HOST[:PORT]/DATABASE");
        }
        String user = Optional.ofNullable(uri.getUserInfo()).filter(u -> !u.isBlank())
                .or(() -> env(env, "DAM_CATALOG_USER", "PGUSER")).orElse(null);
        String password = env(env, "DAM_CATALOG_PASSWORD", "PGPASSWORD").orElse(null);
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String p : query.split("&")) {
            String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
            if (name.toLowerCase(java.util.Locale.ROOT).contains("password") || name.equalsIgnoreCase("user")) {
                throw DamException.invalid("catalog URL must not carry " + name.toLowerCase(java.util.Locale.ROOT)
                        + "=: set DAM_CATALOG_USER and DAM_CATALOG_PASSWORD instead");
            }
        }
        return new CatalogUrl(Engine.POSTGRESQL, null, host, uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), database, query,
                user, password);
    }

    private static Optional<String> env(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) v = env.get(fallback);
        return Optional.ofNullable(v).filter(s -> !s.isEmpty());
    }

    public boolean isPostgres() {
        return engine == Engine.POSTGRESQL;
    }

    /** The JDBC URL, without credentials. */
    public String jdbcUrl() {
        if (engine == Engine.SQLITE) return "jdbc:sqlite:" + sqliteFile;
        return "jdbc:postgresql://" + hostPort() + "/" + database + (params.isEmpty() ? "" : "?" + params);
    }

    private String hostPort() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }

    /** The URL as the user wrote it, never with a password: safe to print and log. */
    public String display() {
        if (engine == Engine.SQLITE) return "sqlite:" + sqliteFile;
        return "postgresql://" + (user == null ? "" : user + "@") + hostPort() + "/" + database + (params.isEmpty() ? "" : "?" + params);
    }

    @Override
    public String toString() {
        return display();
    }

    /**
     * {@code text} without what may hold a secret (the user-info part and every query parameter), for messages
     * about a URL that did not parse: they are shown and logged.
     */
    private static String redact(String text) {
        String t = text;
        int query = t.indexOf('?');
        if (query >= 0) t = t.substring(0, query) + "?…";
        int scheme = t.indexOf("://");
        int at = t.lastIndexOf('@');
        return scheme >= 0 && at > scheme ? t.substring(0, scheme + 3) + "…" + t.substring(at) : t;
    }
}
