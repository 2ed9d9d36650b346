package org.thatdam.core.duplicates;

import java.util.List;

/**
 * Assets whose content is the same video, the better master first ({@code bestId}, and why in
 * {@code reason}). {@code differences} names the facts that differ between members ("resolution",
 * "bitRate", "videoCodec", "audioCodec", "container", "fps", "duration", "size");
 * {@code reclaimableBytes} is what forgetting the others would free if their files were removed.
 */
public record DuplicateGroup(long bestId, String reason, List<String> differences, long reclaimableBytes,
                             List<DuplicateMember> members) {}
