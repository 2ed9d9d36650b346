package org.thatdam.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.webjars.WebJarVersionLocator;

/** /api/docs: Swagger UI (from its WebJar, served locally) on the generated OpenAPI document. */
final class SwaggerPage {

    private static final String INIT = "window.ui = SwaggerUIBundle({url: '/api/openapi.json', dom_id: '#swagger-ui'});";

    /**
     * Swagger UI's own policy: its one inline script is allowed by its hash, and it styles elements
     * inline; everything else comes from this server, and only this server may frame it.
     */
    static final String CSP = "default-src 'self'; script-src 'self' '" + sha256(INIT) + "'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'self'";

    private SwaggerPage() {}

    static void send(Context ctx) {
        ctx.header("Content-Security-Policy", CSP).html(html());
    }

    static String html() {
        String v = new WebJarVersionLocator().version("swagger-ui");
        String base = "/webjars/swagger-ui/" + v;
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>That DAM Toolbox API</title>
                <link rel="stylesheet" href="%1$s/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script>%2$s</script>
                </body></html>
                """.formatted(base, INIT);
    }

    private static String sha256(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
