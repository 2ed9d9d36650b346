package org.thatdam.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.thatdam.media.testing.TestMedia;
import org.thatdam.server.LiveServer;

/** The asset page's XMP panel (Files tab): the sidecar read at scan time, its log comment and markers. */
class XmpUiTest extends BrowserPages {

    private static final String SIDECAR = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
             <rdf:Description rdf:about="" xmlns:xmpDM="http://ns.adobe.com/xmp/1.0/DynamicMedia/">
              <xmpDM:logComment>wind noise at the end</xmpDM:logComment>
              <xmpDM:Tracks><rdf:Bag><rdf:li rdf:parseType="Resource">
                <xmpDM:trackName>Markers</xmpDM:trackName><xmpDM:frameRate>f25</xmpDM:frameRate>
                <xmpDM:markers><rdf:Seq>
                  <rdf:li rdf:parseType="Resource"><xmpDM:startTime>50</xmpDM:startTime><xmpDM:name>Slate</xmpDM:name>
                    <xmpDM:comment>take 2</xmpDM:comment></rdf:li>
                </rdf:Seq></xmpDM:markers></rdf:li></rdf:Bag></xmpDM:Tracks>
             </rdf:Description></rdf:RDF></x:xmpmeta>""";

    private static Map<String, Supplier<Path>> media() {
        Map<String, Supplier<Path>> m = new LinkedHashMap<>();
        m.put("shots/clip.mp4", TestMedia::shortClip);
        m.put("shots/clip.xmp", () -> {
            try {
                Path f = Files.createTempFile("sidecar", ".xmp");
                f.toFile().deleteOnExit();
                return Files.writeString(f, SIDECAR);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return m;
    }

    @RegisterExtension
    @Order(1)
    static final LiveServer live = LiveServer.withMedia(media());
    @RegisterExtension
    @Order(2)
    static final WebFixture fx = new WebFixture(live);

    @Override
    WebFixture fixture() {
        return fx;
    }

    @Test
    void theFilesTabShowsTheSidecarItsLogCommentAndMarkers() {
        open("#/asset/" + live.idOf("shots/clip.mp4"), 1280, 900);
        page.locator("#asset-tab-files").click();
        Locator panel = page.locator(".xmp");
        panel.locator(".xmp-markers").waitFor();
        assertThat(panel.locator("dl").textContent()).contains("sidecar").contains(fx.media().resolve("shots/clip.xmp").toString())
                .contains("wind noise at the end").contains("off");
        assertThat(panel.locator(".xmp-markers tbody tr").count()).isEqualTo(1);
        assertThat(panel.locator(".xmp-markers tbody").textContent()).contains("0:02.0").contains("Slate").contains("take 2");
        assertThat(consoleProblems).isEmpty();
    }
}
