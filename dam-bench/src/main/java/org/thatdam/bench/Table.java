package org.thatdam.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The comparison table printed at the end of a run: fixed-width columns, numbers to about three digits. */
final class Table {

    private static final String[] HEAD = {"measure", "ours", "peer", "ours/peer", "unit", "better", "note"};

    private Table() {}

    static String render(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEAD);
        for (Row r : rows) {
            cells.add(new String[] {r.measure(), num(r.ours()), num(r.peer()),
                    r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()), r.unit(),
                    r.better() == null ? "" : r.better(), r.note() == null ? "" : r.note()});
        }
        int[] w = new int[HEAD.length];
        for (String[] c : cells) {
            for (int i = 0; i < c.length - 1; i++) w[i] = Math.max(w[i], c[i].length());
        }
        StringBuilder b = new StringBuilder();
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                boolean right = i >= 1 && i <= 3; // numbers align right
                String s = i == c.length - 1 ? c[i] : right ? pad(c[i], w[i], true) : pad(c[i], w[i], false);
                line.append(s).append(i < c.length - 1 ? "  " : "");
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    /** About three significant digits, never scientific: 12345 -> "12345", 12.345 -> "12.3", 0.1234 -> "0.123". */
    static String num(Double v) {
        if (v == null) return "-";
        double a = Math.abs(v);
        if (a >= 100 || a == 0) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) return s;
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }
}
