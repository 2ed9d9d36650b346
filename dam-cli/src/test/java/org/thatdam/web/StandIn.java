package org.thatdam.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.thatdam.core.json.Json;

/**
 * A deliberately small stand-in for GET /api/v1/search, answering in the documented shape
 * ({"total","items","facets","tookMs"}) over a list of assets: bare words match title words by
 * prefix, kind:/codec:/batch: filter exactly, "*" matches everything. Only for exercising the
 * Search page before (and independently of) the real endpoint.
 */
final class StandIn {

    private StandIn() {}

    static Map<String, String> params(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query == null) return out;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    static String search(List<JsonNode> assets, String q, Map<String, String> params) {
        List<JsonNode> hits = new ArrayList<>();
        for (JsonNode a : assets) {
            if (matches(a, q)) hits.add(a);
        }
        if ("newest".equals(params.get("sort"))) hits.sort((x, y) -> Long.compare(y.get("id").asLong(), x.get("id").asLong()));
        int offset = Integer.parseInt(params.getOrDefault("offset", "0"));
        int limit = Integer.parseInt(params.getOrDefault("limit", "50"));
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("total", hits.size());
        ArrayNode items = out.putArray("items");
        for (JsonNode a : hits.subList(Math.min(offset, hits.size()), Math.min(offset + limit, hits.size()))) {
            ObjectNode i = items.addObject();
            for (String f : List.of("id", "path", "title", "kind", "status", "durationSec", "width", "height", "videoCodec", "batch")) {
                i.set(f, a.get(f));
            }
            i.put("score", 1.0);
        }
        if ("true".equals(params.get("facets"))) {
            ObjectNode facets = out.putObject("facets");
            facet(facets, "kind", hits, a -> a.get("kind").asText());
            facet(facets, "codec", hits, a -> a.path("videoCodec").isTextual() ? a.get("videoCodec").asText() : a.path("audioCodec").asText(null));
            facet(facets, "batch", hits, a -> a.path("batch").asText(null));
            facet(facets, "status", hits, a -> a.get("status").asText());
        }
        out.put("tookMs", 1);
        return out.toString();
    }

    private static void facet(ObjectNode facets, String name, List<JsonNode> hits, Function<JsonNode, String> value) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode a : hits) {
            String v = value.apply(a);
            if (v != null && !v.isEmpty()) counts.merge(v, 1, Integer::sum);
        }
        ArrayNode arr = facets.putArray(name);
        counts.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                .forEach(e -> arr.addObject().put("value", e.getKey()).put("count", e.getValue()));
    }

    /** Whitespace-separated tokens; a quoted part (batch:"Screen Records") stays in one token. */
    static List<String> tokens(String q) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : q.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (!quoted && Character.isWhitespace(c)) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    private static boolean matches(JsonNode a, String q) {
        for (String token : tokens(q)) {
            if (token.isEmpty() || token.equals("*")) continue;
            int colon = token.indexOf(':');
            if (colon > 0) {
                String field = token.substring(0, colon);
                String v = token.substring(colon + 1).replace("\"", "");
                String actual = switch (field) {
                    case "kind" -> a.get("kind").asText();
                    case "codec" -> a.path("videoCodec").isTextual() ? a.get("videoCodec").asText() : a.path("audioCodec").asText("");
                    case "batch" -> a.path("batch").asText("");
                    case "status" -> a.get("status").asText();
                    default -> null;
                };
                if (actual == null || !actual.equalsIgnoreCase(v)) return false;
            } else {
                String word = token.toLowerCase(Locale.ROOT);
                boolean any = false;
                for (String w : a.path("title").asText("").toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                    if (w.startsWith(word)) any = true;
                }
                if (!any) return false;
            }
        }
        return true;
    }
}
