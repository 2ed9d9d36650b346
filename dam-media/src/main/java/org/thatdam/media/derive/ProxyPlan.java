package org.thatdam.media.derive;

/**
 * Whether a browser can play the original as is ({@code reuseOriginal}) or a proxy must be made,
 * and whether that proxy is audio only (an .m4a). {@code reason} says why, for people.
 */
public record ProxyPlan(boolean reuseOriginal, boolean audioOnly, String reason) {}
