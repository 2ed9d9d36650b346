package org.thatdam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.thatdam.core.json.Json;
import org.thatdam.core.upload.UploadChecksum;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.cli.format.Units;
import org.thatdam.cli.client.PinnedCertificate;
import org.thatdam.cli.client.ServerClient;

/**
 * The tus client of {@code dam upload}: tus-java-client begins and resumes uploads (creation, HEAD,
 * the URL store); the bytes go as PATCH requests of a known length through the JDK's HTTP client,
 * each with the {@code Upload-Checksum} (xxh64, else sha1) of its body when the server offers it (tus-java-client
 * streams its PATCH bodies in 4 KiB chunks, which costs a server several times the work of one
 * framed body). Every request carries the key and, for a local server, trusts only the pinned
 * certificate. Also asks what the server supports (OPTIONS) and what a finished upload became.
 */
final class UploadClient extends TusClient {

    /** The server may probe and hash a large file while answering the last PATCH. */
    private static final int READ_TIMEOUT_MS = 300_000;

    /** What OPTIONS says: the extensions and checksum algorithms, and the largest upload (-1: unknown). */
    record Capabilities(Set<String> extensions, Set<String> checksums, long maxSize) {
        /**
         * The algorithm for each request's {@code Upload-Checksum}: xxh64 when offered (many times
         * cheaper to compute than SHA-1, on both ends), else sha1, else none.
         */
        Optional<UploadChecksum.Algorithm> checksum() {
            if (!extensions.contains("checksum")) return Optional.empty();
            return Stream.of(UploadChecksum.Algorithm.XXH64, UploadChecksum.Algorithm.SHA1).filter(a -> checksums.contains(a.tag())).findFirst();
        }
    }

    /** {@code GET /api/v1/uploads/{id}/result}: what the upload became. */
    record Result(String state, Long assetId, Long duplicateOf, String path, String fileName, String error) {
        /** All bytes there but not finished yet ({@code received} with a path is final: kept, not catalogued). */
        boolean pending() {
            return state.equals("received") && path == null;
        }
    }

    /** A request the server answered with an error: its status (to decide on a retry) and its message as ours. */
    static final class Refused extends Exception {
        final int status;
        final DamException error;

        Refused(int status, DamException error) {
            super(error.getMessage(), null, false, false);
            this.status = status;
            this.error = error;
        }
    }

    private final UploadTarget target;
    private final SSLSocketFactory pinned;
    private final HttpClient http;

    UploadClient(UploadTarget target) {
        this.target = target;
        this.pinned = target.pinnedCertificate().map(f -> PinnedCertificate.context(f).getSocketFactory()).orElse(null);
        setUploadCreationURL(target.uploadsUrl());
        setConnectTimeout(10_000);
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        target.pinnedCertificate().ifPresent(f -> b.sslContext(PinnedCertificate.context(f)));
        this.http = b.build();
    }

    /**
     * Sends {@code len} bytes of {@code body} at {@code offset} (one PATCH); returns the server's new
     * offset. {@code sent} hears of the bytes once the server has them.
     */
    long patch(URL upload, long offset, byte[] body, int len, String checksum, LongConsumer sent)
            throws IOException, InterruptedException, Refused {
        HttpRequest.Builder r;
        try {
            r = HttpRequest.newBuilder(upload.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("the server's upload URL is not a URI: " + upload, e);
        }
        r.timeout(Duration.ofMillis(READ_TIMEOUT_MS)).header("Tus-Resumable", TUS_VERSION).header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body, 0, len));
        target.key().ifPresent(k -> r.header("Authorization", "Bearer " + k));
        if (checksum != null) r.header("Upload-Checksum", checksum);
        HttpResponse<byte[]> res = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        sent.accept(len);
        if (res.statusCode() / 100 != 2) {
            throw new Refused(res.statusCode(), failure(res.statusCode(), res.body(), "sending bytes"));
        }
        String o = res.headers().firstValue("Upload-Offset").orElse("");
        try {
            return Long.parseLong(o.strip());
        } catch (NumberFormatException e) {
            throw new IOException("the server answered a PATCH without a valid Upload-Offset");
        }
    }

    @Override
    public synchronized void prepareConnection(HttpURLConnection connection) {
        super.prepareConnection(connection);
        if (pinned != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(pinned);
            // the pin stands in for the host name check: a loopback address is not among the certificate's names
            https.setHostnameVerifier((host, session) -> true);
        }
        connection.setReadTimeout(READ_TIMEOUT_MS);
        target.key().ifPresent(k -> connection.setRequestProperty("Authorization", "Bearer " + k));
    }

    Capabilities capabilities() throws IOException {
        HttpURLConnection c = open(getUploadCreationURL(), "OPTIONS");
        try {
            int status = c.getResponseCode();
            if (status / 100 != 2) throw failure(c, "asking " + getUploadCreationURL() + " what it supports");
            long max = -1;
            try {
                String m = c.getHeaderField("Tus-Max-Size");
                if (m != null) max = Long.parseLong(m.strip());
            } catch (NumberFormatException e) {
                // no limit announced
            }
            if (c.getHeaderField("Tus-Version") == null) {
                throw DamException.unavailable(target.baseUrl() + " does not speak tus at /api/v1/uploads (no Tus-Version in its answer)", null);
            }
            return new Capabilities(words(c.getHeaderField("Tus-Extension")), words(c.getHeaderField("Tus-Checksum-Algorithm")), max);
        } finally {
            c.disconnect();
        }
    }

    Result result(URL upload) throws IOException {
        HttpURLConnection c = open(URI.create(upload + "/result").toURL(), "GET");
        try {
            if (c.getResponseCode() / 100 != 2) throw failure(c, "asking what the upload became");
            JsonNode j;
            try (InputStream in = c.getInputStream()) {
                j = Json.mapper().readTree(in.readNBytes(1 << 20));
            }
            return new Result(j.path("state").asText(""), number(j, "assetId"), number(j, "duplicateOf"),
                    text(j, "path"), text(j, "fileName"), text(j, "error"));
        } finally {
            c.disconnect();
        }
    }

    private HttpURLConnection open(URL url, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setRequestMethod(method);
        prepareConnection(c);
        c.setRequestProperty("Accept", "application/json");
        return c;
    }

    /** The HTTP status a tus request failed with (-1 when there was no answer). */
    static int status(ProtocolException e) {
        try {
            return e.getCausingConnection() == null ? -1 : e.getCausingConnection().getResponseCode();
        } catch (IOException io) {
            return -1;
        }
    }

    static DamException failure(ProtocolException e, String doing) {
        HttpURLConnection c = e.getCausingConnection();
        return c == null ? DamException.unavailable("the server broke the tus protocol while " + doing, null) : failure(c, doing);
    }

    /**
     * The server's refusal as our error: its code and message when it sent our JSON error body, else
     * the status in words. Only the server's text reaches the user, never the client library's.
     */
    static DamException failure(HttpURLConnection c, String doing) {
        int status;
        try {
            status = c.getResponseCode();
        } catch (IOException e) {
            return DamException.unavailable("no answer from the server while " + doing, e);
        }
        byte[] b = new byte[0];
        InputStream body = c.getErrorStream();
        if (body != null) {
            try (body) {
                b = body.readNBytes(64 * 1024);
            } catch (IOException e) {
                // no body: the status says it
            }
        }
        return failure(status, b, doing);
    }

    private static DamException failure(int status, byte[] body, String doing) {
        String wire = "";
        String message = null;
        try {
            JsonNode error = Json.mapper().readTree(body).path("error");
            wire = error.path("code").asText("");
            message = error.path("message").isTextual() ? error.path("message").asText() : null;
        } catch (IOException | RuntimeException e) {
            // not our JSON: the status says it
        }
        ErrorCode code = wire.isEmpty() ? byStatus(status) : ServerClient.codeOf(wire, status);
        // A 401's own text is written for the dashboard ("log in"); on the command line the key is the answer.
        String text = status == 401 ? "HTTP 401" + describe(status)
                : message != null ? Units.clean(message) : "HTTP " + status + describe(status);
        return new DamException(code, status / 100 == 5 ? "the server failed while " + doing + ": " + text : text);
    }

    private static ErrorCode byStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404, 410 -> ErrorCode.NOT_FOUND;
            case 409, 412 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 507 -> ErrorCode.DISK_FULL;
            default -> status / 100 == 4 ? ErrorCode.INVALID : ErrorCode.UNAVAILABLE;
        };
    }

    private static String describe(int status) {
        return switch (status) {
            case 401 -> " (no valid key: set " + UploadTarget.KEY_ENV + " or use --api-key-file)";
            case 403 -> " (the key may not upload: uploading needs the editor role)";
            case 410 -> " (the upload expired on the server)";
            case 413 -> " (over the server's size limit)";
            case 460 -> " (checksum mismatch)";
            default -> "";
        };
    }

    private static String text(JsonNode j, String field) {
        return j.path(field).isTextual() ? j.path(field).asText() : null;
    }

    private static Long number(JsonNode j, String field) {
        return j.path(field).canConvertToLong() ? j.path(field).asLong() : null;
    }

    private static Set<String> words(String header) {
        if (header == null) return Set.of();
        return Arrays.stream(header.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
