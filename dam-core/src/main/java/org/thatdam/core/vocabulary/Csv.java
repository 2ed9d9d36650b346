package org.thatdam.core.vocabulary;

import java.util.ArrayList;
import java.util.List;
import org.thatdam.model.DamException;

/** RFC 4180 CSV: fields separated by commas, optionally quoted with '"' ('""' inside), rows by CRLF or LF. */
final class Csv {

    private Csv() {}

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int line = 1;
        int quoteLine = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (field.length() > 0 || wasQuoted) throw DamException.invalid("line " + line + ": a '\"' inside an unquoted field");
                    quoted = true;
                    wasQuoted = true;
                    quoteLine = line;
                }
                case ',' -> {
                    row.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                }
                case '\r' -> { }
                case '\n' -> {
                    row.add(field.toString());
                    rows.add(row);
                    row = new ArrayList<>();
                    field.setLength(0);
                    wasQuoted = false;
                    line++;
                }
                default -> {
                    if (wasQuoted) throw DamException.invalid("line " + line + ": text after a closing '\"'");
                    field.append(c);
                }
            }
        }
        if (quoted) throw DamException.invalid("line " + quoteLine + ": a quoted field is never closed");
        if (field.length() > 0 || wasQuoted || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        if (rows.isEmpty()) throw DamException.invalid("the CSV file is empty");
        return rows;
    }

    /** A field as written: quoted when it holds a comma, quote, line break or leading/trailing space. */
    static String quote(String s) {
        boolean needs = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                || (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))));
        return needs ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
