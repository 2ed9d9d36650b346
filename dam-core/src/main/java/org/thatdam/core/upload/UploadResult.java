package org.thatdam.core.upload;

/**
 * What a finished upload became: {@code received} (all bytes are here, not finished yet, or kept
 * but not catalogued: not media), {@code catalogued} (a new asset, {@code assetId}), {@code duplicate}
 * (the content already was asset {@code duplicateOf}: the upload was discarded, or kept as another
 * location of it, then {@code assetId} is that asset too) or {@code failed} ({@code error} says why).
 * {@code path} is where the file went, {@code fileName} the name it was given there.
 */
public record UploadResult(State state, Long assetId, Long duplicateOf, String path, String fileName, String error) {

    public enum State {
        RECEIVED, CATALOGUED, DUPLICATE, FAILED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static UploadResult failed(String error) {
        return new UploadResult(State.FAILED, null, null, null, null, error);
    }
}
