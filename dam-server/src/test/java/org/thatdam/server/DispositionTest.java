package org.thatdam.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.thatdam.server.api.DownloadNames;

/** The Content-Disposition header and the file names in it, for names no file system or browser should trip on. */
class DispositionTest {

    @Test
    void exactNameIsPercentEncodedAndTheFallbackIsPlainAscii() {
        assertThat(Disposition.header(true, "Fête 🎉 100%.mp4"))
                .isEqualTo("attachment; filename=\"F_te _ 100_.mp4\"; filename*=UTF-8''F%C3%AAte%20%F0%9F%8E%89%20100%25.mp4");
        assertThat(Disposition.header(false, "a'b(c)!.jpg")).isEqualTo("inline; filename=\"a'b(c)!.jpg\"; filename*=UTF-8''a%27b%28c%29!.jpg");
    }

    @Test
    void namesAreOneHarmlessFileName() {
        assertThat(DownloadNames.safe("../../etc/passwd")).isEqualTo("_.._etc_passwd");
        assertThat(DownloadNames.safe("C:\\Windows\\x?.exe")).isEqualTo("C__Windows_x_.exe");
        assertThat(DownloadNames.safe("a\r\nContent-Type: text/html")).isEqualTo("a Content-Type_ text_html");
        assertThat(DownloadNames.safe("rtl\u202Egpj.exe")).isEqualTo("rtl_gpj.exe");
        assertThat(DownloadNames.safe("zero\u200Bwidth")).isEqualTo("zero_width");
        assertThat(DownloadNames.safe("...")).isEqualTo("download");
        assertThat(DownloadNames.safe("  \t ")).isEqualTo("download");
        assertThat(DownloadNames.safe("\uD800lone")).isEqualTo("_lone");
    }
}
