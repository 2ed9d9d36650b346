package org.thatdam.core.text;

/**
 * Text cells of the CSV files we write, made safe to open in a spreadsheet: a cell starting with
 * {@code = + - @}, a tab or a carriage return would be run as a formula, so it gets a leading
 * {@code '} (as OWASP advises), which spreadsheets show as text. Numbers are written as numbers and
 * never pass through here. Reading our own files back takes that one {@code '} off again.
 */
public final class SpreadsheetCells {

    private SpreadsheetCells() {}

    /** {@code text} as a cell: prefixed with {@code '} when a spreadsheet would read it as a formula. */
    public static String escape(String text) {
        // leading quotes are looked past, so that a text like '=x is escaped too and unescape gives it back exactly
        return formulaAfterQuotes(text) ? "'" + text : text;
    }

    /** What {@link #escape} was given. */
    public static String unescape(String cell) {
        return cell.startsWith("'") && formulaAfterQuotes(cell) ? cell.substring(1) : cell;
    }

    private static boolean formulaAfterQuotes(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\'') i++;
        return i < s.length() && "=+-@\t\r".indexOf(s.charAt(i)) >= 0;
    }
}
