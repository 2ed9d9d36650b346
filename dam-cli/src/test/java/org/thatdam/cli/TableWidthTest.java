package org.thatdam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A table given the terminal's width cuts its last column so that lines fit, keeping a readable minimum. */
class TableWidthTest {

    private static List<String> table(int width) {
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            Output.table(out, List.of("#", "text"), List.of(List.of("1", "Q3 roadmap, launch in October and more"),
                    List.of("2", "short")), width);
        }
        return s.toString().lines().toList();
    }

    @Test
    void theLastColumnFitsTheWidth() {
        assertThat(table(0)).contains("1  Q3 roadmap, launch in October and more");
        List<String> fit = table(24);
        assertThat(fit).containsExactly("#  text", "1  Q3 roadmap, launch i…", "2  short");
        assertThat(fit).allMatch(l -> l.length() <= 24);
        assertThat(table(5).get(1)).as("never narrower than 16").isEqualTo("1  Q3 roadmap, lau…");
    }
}
