package org.thatdam.server.api;

import org.jspecify.annotations.Nullable;

/** A verification job and, once it has run, what it found. */
public record VerifyView(JobView job, @Nullable VerifyResultView result) {}
