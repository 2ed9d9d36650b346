package org.thatdam.search;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dates as the query language and the timeline take them: YYYY, YYYY-MM or YYYY-MM-DD, UTC. */
public final class DatePeriod {

    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?");

    private DatePeriod() {}

    /**
     * The period a date YYYY, YYYY-MM or YYYY-MM-DD (UTC) stands for: {start, end} in epoch
     * milliseconds, end exclusive; null when {@code date} is not such a date.
     */
    public static long[] of(String date) {
        Matcher m = DATE.matcher(date == null ? "" : date.strip());
        if (!m.matches()) return null;
        try {
            int y = Integer.parseInt(m.group(1));
            LocalDate start;
            LocalDate end;
            if (m.group(3) != null) {
                start = LocalDate.of(y, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                end = start.plusDays(1);
            } else if (m.group(2) != null) {
                start = LocalDate.of(y, Integer.parseInt(m.group(2)), 1);
                end = start.plusMonths(1);
            } else {
                start = LocalDate.of(y, 1, 1);
                end = start.plusYears(1);
            }
            return new long[] {millis(start), millis(end)};
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static long millis(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
