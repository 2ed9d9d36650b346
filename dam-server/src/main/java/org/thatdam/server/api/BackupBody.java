package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/**
 * A backup to make now: the absolute path of the backup folder ({@code to}; default the scheduled
 * {@code backup.dir}), with the derivatives (default {@code backup.derivatives}) and the originals (default no).
 */
public record BackupBody(@Nullable String to, @Nullable Boolean derivatives, @Nullable Boolean originals) {}
