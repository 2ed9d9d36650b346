package org.thatdam.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.thatdam.core.config.ConfigException;
import org.thatdam.core.config.ConfigKey;
import org.thatdam.core.config.DamConfig;

/**
 * The tile server of {@code map.tile-url}, checked when the server starts: an http(s) URL with the
 * {@code {z}}, {@code {x}} and {@code {y}} placeholders. Its origin joins the page's {@code img-src}
 * (only then may the browser fetch anything for a map), so it must be a plain origin that cannot
 * smuggle anything into the policy.
 */
record MapTiles(String urlTemplate, String origin, String attribution) {

    private static final int MAX_ATTRIBUTION = 200;

    /** The configured tile server, or empty (the default: maps are drawn without tiles). */
    static Optional<MapTiles> from(DamConfig config) {
        DamConfig.Setting url = config.sources().get(ConfigKey.MAP_TILE_URL);
        DamConfig.Setting credit = config.sources().get(ConfigKey.MAP_TILE_ATTRIBUTION);
        String attribution = credit == null ? "" : credit.value().strip();
        if (attribution.length() > MAX_ATTRIBUTION || attribution.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(ConfigKey.MAP_TILE_ATTRIBUTION.key() + " (from " + credit.source()
                    + ") must be one line of at most " + MAX_ATTRIBUTION + " characters");
        }
        if (url == null || url.value().isBlank()) return Optional.empty();
        return Optional.of(new MapTiles(url.value().strip(), origin(url), attribution));
    }

    private static String origin(DamConfig.Setting setting) {
        String template = setting.value().strip();
        String problem = null;
        if (!template.contains("{z}") || !template.contains("{x}") || !template.contains("{y}")) {
            problem = "needs the placeholders {z}, {x} and {y}";
        } else if (!template.replaceAll("\\{[zxy]}", "").matches("[A-Za-z0-9._~:/?#\\[\\]@!$&()*+,=%-]+")) {
            problem = "may only hold URL characters besides {z}, {x} and {y}";
        }
        URI uri = null;
        if (problem == null) {
            try {
                uri = new URI(template.replaceAll("\\{[zxy]}", "0"));
            } catch (URISyntaxException e) {
                problem = "is not a URL";
            }
        }
        if (problem == null) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) problem = "must start with https:// (or http://)";
            else if (uri.getHost() == null || uri.getRawUserInfo() != null) problem = "must name a host (and no user)";
            else return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        }
        throw new ConfigException(ConfigKey.MAP_TILE_URL.key() + " = '" + template + "' (from " + setting.source() + ") " + problem
                + ", e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png");
    }
}
