package org.thatdam.server.api;

/** The folder to verify against its ASC MHL history: in a library root, or the backup folder. */
public record VerifyBody(String path) {}
