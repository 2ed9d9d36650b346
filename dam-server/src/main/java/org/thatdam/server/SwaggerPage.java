package org.thatdam.server;

import org.webjars.WebJarVersionLocator;

/** /api/docs: Swagger UI (from its WebJar, served locally) on the generated OpenAPI document. */
final class SwaggerPage {

    private SwaggerPage() {}

    static String html() {
        String v = new WebJarVersionLocator().version("swagger-ui");
        String base = "/webjars/swagger-ui/" + v;
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>That DAM Toolbox API</title>
                <link rel="stylesheet" href="%1$s/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="%1$s/swagger-ui-bundle.js"></script>
                <script>window.ui = SwaggerUIBundle({url: '/api/openapi.json', dom_id: '#swagger-ui'});</script>
                </body></html>
                """.formatted(base);
    }
}
