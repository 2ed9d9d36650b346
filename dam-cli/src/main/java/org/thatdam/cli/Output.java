package org.thatdam.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.thatdam.cli.format.Units;
import org.thatdam.core.json.Json;

/** Human tables and machine JSON, both to stdout; messages and progress go to stderr. */
public final class Output {

    private Output() {}

    static void json(PrintWriter out, Object value) {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A plain text table with left-aligned columns sized to their content; long cells (but the last) lose their middle. */
    static void table(PrintWriter out, List<String> headers, List<List<String>> rows) {
        table(out, headers, rows, 0);
    }

    /**
     * As {@link #table(PrintWriter, List, List)}, the last column cut (with "…") so that lines fit {@code width}
     * characters, though it keeps at least 16; {@code width} 0: no limit.
     */
    static void table(PrintWriter out, List<String> headers, List<List<String>> rows, int width) {
        int n = headers.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = headers.get(i).length();
        List<List<String>> cells = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> c = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String v = Units.clean(i < r.size() && r.get(i) != null ? r.get(i) : "");
                if (i < n - 1 && v.length() > 60) v = v.substring(0, 20) + "…" + v.substring(v.length() - 39);
                w[i] = Math.max(w[i], v.length());
                c.add(v);
            }
            cells.add(c);
        }
        if (width > 0) {
            int room = width;
            for (int i = 0; i < n - 1; i++) room -= w[i] + 2;
            int last = Math.max(16, room);
            for (List<String> c : cells) {
                String v = c.get(n - 1);
                if (v.length() > last) c.set(n - 1, v.substring(0, last - 1) + "…");
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, w);
        for (List<String> c : cells) line(sb, c, w);
        out.print(sb);
    }

    private static void line(StringBuilder sb, List<String> cols, int[] w) {
        for (int i = 0; i < cols.size(); i++) {
            sb.append(cols.get(i));
            if (i < cols.size() - 1) sb.append(" ".repeat(w[i] - cols.get(i).length() + 2));
        }
        sb.append('\n');
    }

    /** The terminal's width in characters when stdout is one (the launcher says, as {@code dam.columns}); else 0. */
    static int columns() {
        return Math.max(0, Integer.getInteger("dam.columns", 0));
    }

    static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** A body record's fields by JSON name, as the --json output spells them (for the text output of the same). */
    static java.util.Map<String, Object> fields(Object body) {
        return Json.mapper().convertValue(body, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {});
    }
}
