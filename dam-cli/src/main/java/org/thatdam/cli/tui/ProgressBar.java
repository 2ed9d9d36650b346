package org.thatdam.cli.tui;

/** A progress bar in block characters, with eighths of a cell at its tip ("█████▍    "). */
final class ProgressBar {

    private static final char[] EIGHTHS = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'};

    private ProgressBar() {}

    /** {@code fraction} (clamped to 0..1) as a bar of exactly {@code cells} cells. */
    static String bar(double fraction, int cells) {
        if (cells <= 0) return "";
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int eighths = (int) Math.round(f * cells * 8);
        StringBuilder b = new StringBuilder(cells);
        b.append("█".repeat(eighths / 8));
        if (b.length() < cells && eighths % 8 > 0) b.append(EIGHTHS[eighths % 8]);
        while (b.length() < cells) b.append('░');
        return b.toString();
    }

    /** A bar and the percentage after it, in {@code cells} cells ("███▌░░░░  45%"). */
    static String withPercent(double fraction, int cells) {
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        String pct = String.format(java.util.Locale.ROOT, "%4d%%", Math.round(f * 100));
        return bar(f, Math.max(0, cells - pct.length())) + pct;
    }
}
