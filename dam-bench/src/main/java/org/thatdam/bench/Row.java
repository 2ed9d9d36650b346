package org.thatdam.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the comparison table. {@code peer} is null when there is none (a figure of ours
 * alone) or when the peer was skipped ({@code note} then says why). The ratio is always
 * ours / peer; whether above 1 is good depends on the unit ({@code higherIsBetter}).
 */
record Row(String measure, Double ours, Double peer, String unit, boolean higherIsBetter, String note) {

    /** Within this fraction of each other, neither is called faster. */
    static final double EVEN = 0.05;

    static Row compare(String measure, double ours, double peer, String unit, boolean higherIsBetter, String note) {
        return new Row(measure, ours, peer, unit, higherIsBetter, note);
    }

    static Row ours(String measure, double ours, String unit, boolean higherIsBetter, String note) {
        return new Row(measure, ours, null, unit, higherIsBetter, note);
    }

    static Row skipped(String measure, Double ours, String unit, boolean higherIsBetter, String why) {
        return new Row(measure, ours, null, unit, higherIsBetter, why);
    }

    /** ours / peer, or null when either is missing or the peer is zero. */
    Double ratio() {
        if (ours == null || peer == null || peer == 0) return null;
        return ours / peer;
    }

    /** "ours", "peer" or "even" (within 5 %); null without a ratio. */
    String better() {
        Double r = ratio();
        if (r == null) return null;
        if (Math.abs(r - 1) <= EVEN) return "even";
        return (r > 1) == higherIsBetter ? "ours" : "peer";
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measure", measure);
        m.put("ours", ours);
        m.put("peer", peer);
        m.put("ratioOursToPeer", ratio() == null ? null : Math.round(ratio() * 1000) / 1000.0);
        m.put("unit", unit);
        m.put("higherIsBetter", higherIsBetter);
        m.put("better", better());
        m.put("note", note);
        return m;
    }
}
