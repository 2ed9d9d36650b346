package org.thatdam.server.api;

/** A link just made, and the address to send to people. */
public record ShareCreated(ShareView share, String url) {}
