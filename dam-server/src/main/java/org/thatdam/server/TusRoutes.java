package org.thatdam.server;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.thatdam.core.Dam;
import org.thatdam.core.audit.AuditAction;
import org.thatdam.core.upload.ChecksumMismatchException;
import org.thatdam.core.upload.Upload;
import org.thatdam.core.upload.UploadChecksum;
import org.thatdam.core.upload.UploadResult;
import org.thatdam.core.upload.UploadService;
import org.thatdam.model.Actor;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Role;

/**
 * Resumable uploads by the tus 1.0.0 protocol (https://tus.io/protocols/resumable-upload), with the
 * creation, creation-with-upload, termination, expiration and checksum extensions, so any tus client
 * can send files: {@code POST /api/v1/uploads} begins one, {@code HEAD} asks its offset,
 * {@code PATCH} appends bytes, {@code DELETE} cancels it; {@code GET …/{id}/result} says what the
 * finished file became. Every answer carries {@code Tus-Resumable}; a request for another version
 * is a 412, a chunk whose checksum does not match a 460. The work is {@link UploadService}'s.
 */
final class TusRoutes {

    static final String PATH = "/api/v1/uploads";
    static final String VERSION = "1.0.0";
    /** The media type of an upload's bytes. */
    static final String BYTES = "application/offset+octet-stream";
    static final String EXTENSIONS = "creation,creation-with-upload,termination,expiration,checksum";
    /** tus' status for a chunk whose checksum does not match. */
    static final int CHECKSUM_MISMATCH = 460;
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern KEY = Pattern.compile("[!-+\\--~]{1,64}"); // printable ASCII but space and comma
    private static final int MAX_KEYS = 32;
    /** IMF-fixdate (RFC 9110), as {@code Upload-Expires} is written. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private TusRoutes() {}

    /** Whether {@code path} (a request's path) is the uploads endpoint or one upload. */
    static boolean isUploadPath(String path) {
        return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    /** Whether a request's method override may count: a POST turned into a PATCH or a DELETE, as tus allows. */
    static boolean allowedOverride(HttpServletRequest req) {
        String o = req.getHeader("X-HTTP-Method-Override");
        return "POST".equals(req.getMethod()) && o != null && List.of("PATCH", "DELETE").contains(o.strip().toUpperCase(Locale.ROOT));
    }

    /** Registers the routes; {@code Tus-Resumable} is added to their every answer by {@link RequestGuard}. */
    static void register(ApiRegistry api, Dam dam) {
        UploadService uploads = dam.uploads();

        api.options(PATH, "getUploadCapabilities").role(Role.EDITOR).tag("uploads").headersOnly()
                .summary("tus: the protocol version, extensions, largest size and checksum algorithms, in headers")
                .returnsNothing(204).handle(ctx -> {
                    ctx.header("Tus-Version", VERSION).header("Tus-Extension", EXTENSIONS)
                            .header("Tus-Max-Size", Long.toString(uploads.maxFileBytes()))
                            .header("Tus-Checksum-Algorithm", UploadChecksum.supported());
                    ctx.status(204);
                });
        api.post(PATH, "createUpload").role(Role.EDITOR).tag("uploads").headersOnly().rawBody(BYTES)
                .summary("tus: begin an upload (Upload-Length, Upload-Metadata: filename, batch, folder, relativePath, checksum);"
                        + " the body may carry its first bytes. Answers 201 with its Location")
                .returnsNothing(201).handle(ctx -> {
                    version(ctx);
                    if (ctx.header("Upload-Defer-Length") != null) {
                        throw DamException.badRequest("send the upload's size in Upload-Length when it begins"
                                + " (this server does not support creation-defer-length)");
                    }
                    long length = number(ctx, "Upload-Length");
                    Actor by = AccessPolicy.actor(ctx);
                    Upload u = uploads.create(by, length, metadata(ctx.header("Upload-Metadata")));
                    ctx.header("Location", PATH + "/" + u.id());
                    if (hasBody(ctx)) {
                        // creation-with-upload: the upload exists whatever happens to its first bytes, so a
                        // refusal answers with its Location and offset, and the client resumes from there
                        try {
                            u = uploads.append(by, u.id(), 0, body(ctx), ctx.req().getContentLengthLong(), checksum(ctx));
                        } catch (ChecksumMismatchException e) {
                            ctx.header("Upload-Offset", Long.toString(uploads.get(by, u.id()).offset()));
                            throw new HttpResponseException(CHECKSUM_MISMATCH, e.getMessage());
                        } catch (DamException e) {
                            ctx.header("Upload-Offset", Long.toString(uploads.get(by, u.id()).offset()));
                            throw e;
                        }
                        ctx.header("Upload-Offset", Long.toString(u.offset()));
                    }
                    ctx.header("Upload-Expires", HTTP_DATE.format(u.expires())).status(201);
                });
        api.head(PATH + "/{id}", "getUploadOffset").role(Role.EDITOR).tag("uploads").headersOnly()
                .pathText("id", 64, "the upload's id, from the Location of its creation")
                .summary("tus: how many bytes of the upload the server has (Upload-Offset), of Upload-Length")
                .returnsNothing(200).handle(ctx -> {
                    version(ctx);
                    Upload u = uploads.get(AccessPolicy.actor(ctx), ctx.pathParam("id"));
                    ctx.header("Cache-Control", "no-store").header("Upload-Offset", Long.toString(u.offset()))
                            .header("Upload-Length", Long.toString(u.length()))
                            .header("Upload-Expires", HTTP_DATE.format(u.expires()));
                    if (!u.metadata().isEmpty()) ctx.header("Upload-Metadata", encode(u.metadata()));
                    ctx.status(200);
                });
        api.patch(PATH + "/{id}", "appendUpload").role(Role.EDITOR).tag("uploads").headersOnly().rawBody(BYTES)
                .pathText("id", 64, "the upload's id")
                .summary("tus: append bytes at Upload-Offset (Content-Type: application/offset+octet-stream; Upload-Checksum"
                        + " optional); the last bytes move the file into the library and catalogue it")
                .returnsNothing(204).handle(ctx -> {
                    version(ctx);
                    String type = ctx.contentType();
                    if (type == null || !type.split(";", 2)[0].strip().equalsIgnoreCase(BYTES)) {
                        throw new DamException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "an upload's bytes must be sent as Content-Type: " + BYTES);
                    }
                    long offset = number(ctx, "Upload-Offset");
                    UploadChecksum checksum = checksum(ctx);
                    Upload u;
                    try {
                        u = uploads.append(AccessPolicy.actor(ctx), ctx.pathParam("id"), offset, body(ctx),
                                ctx.req().getContentLengthLong(), checksum);
                    } catch (ChecksumMismatchException e) {
                        throw new HttpResponseException(CHECKSUM_MISMATCH, e.getMessage());
                    }
                    ctx.header("Upload-Offset", Long.toString(u.offset())).header("Upload-Expires", HTTP_DATE.format(u.expires()))
                            .status(204);
                });
        api.delete(PATH + "/{id}", "cancelUpload").role(Role.EDITOR).audit(AuditAction.UPLOAD_CANCEL).tag("uploads").headersOnly()
                .pathText("id", 64, "the upload's id")
                .summary("tus: cancel the upload; its bytes are deleted (a finished upload's file stays in the library)")
                .returnsNothing(204).handle(ctx -> {
                    version(ctx);
                    uploads.terminate(AccessPolicy.actor(ctx), ctx.pathParam("id"));
                    ctx.status(204);
                });
        api.get(PATH + "/{id}/result", "getUploadResult").role(Role.EDITOR).tag("uploads")
                .pathText("id", 64, "the upload's id")
                .summary("What a finished upload became: catalogued (assetId), duplicate (duplicateOf), received or failed")
                .returns(200, UploadResult.class)
                .handle(ctx -> ctx.json(uploads.result(AccessPolicy.actor(ctx), ctx.pathParam("id"))));
    }

    /** Every request but OPTIONS says the version it speaks; another one than ours is a 412. */
    private static void version(Context ctx) {
        String v = ctx.header("Tus-Resumable");
        if (!VERSION.equals(v == null ? null : v.strip())) {
            ctx.header("Tus-Version", VERSION);
            throw new HttpResponseException(412, v == null ? "send Tus-Resumable: " + VERSION + " (this server speaks tus " + VERSION + ")"
                    : "tus version " + Params.abbreviate(v) + " is not supported; this server speaks " + VERSION);
        }
    }

    private static long number(Context ctx, String header) {
        String v = ctx.header(header);
        if (v == null) throw DamException.badRequest("the header " + header + " is missing");
        if (!DIGITS.matcher(v.strip()).matches()) {
            throw DamException.badRequest(header + " must be a whole number of bytes, got '" + Params.abbreviate(v) + "'");
        }
        return Long.parseLong(v.strip());
    }

    private static UploadChecksum checksum(Context ctx) {
        String v = ctx.header("Upload-Checksum");
        return v == null ? null : UploadChecksum.parse(v);
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static InputStream body(Context ctx) throws IOException {
        return ctx.req().getInputStream();
    }

    /**
     * {@code Upload-Metadata}: comma-separated pairs of a key and the Base64 of its UTF-8 value (the
     * value may be left out). A malformed pair, a key given twice or a value that is not UTF-8 is a 400.
     */
    static Map<String, String> metadata(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) return out;
        for (String pair : header.split(",", -1)) {
            String[] kv = pair.strip().split(" ", -1);
            if (kv.length > 2 || !KEY.matcher(kv[0]).matches()) {
                throw DamException.badRequest("Upload-Metadata is a comma-separated list of a key and a Base64 value,"
                        + " e.g. 'filename Y2xpcC5tcDQ='; '" + Params.abbreviate(pair.strip()) + "' is not");
            }
            if (out.size() >= MAX_KEYS) throw DamException.badRequest("Upload-Metadata has more than " + MAX_KEYS + " keys");
            String value = "";
            if (kv.length == 2) {
                try {
                    value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(Base64.getDecoder().decode(kv[1]))).toString();
                } catch (IllegalArgumentException e) {
                    throw DamException.badRequest("Upload-Metadata: the value of " + kv[0] + " is not Base64");
                } catch (CharacterCodingException e) {
                    throw DamException.badRequest("Upload-Metadata: the value of " + kv[0] + " is not UTF-8 text");
                }
            }
            if (out.putIfAbsent(kv[0], value) != null) throw DamException.badRequest("Upload-Metadata names " + kv[0] + " twice");
        }
        return out;
    }

    static String encode(Map<String, String> metadata) {
        List<String> pairs = new ArrayList<>();
        metadata.forEach((k, v) -> pairs.add(v.isEmpty() ? k
                : k + " " + Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return String.join(",", pairs);
    }
}
