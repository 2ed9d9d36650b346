package org.thatdam.server.api;

import java.util.List;
import org.thatdam.model.CaptureTake;

/** Recorded takes: the ones a record or stop request started or ended, or the newest first. */
public record CaptureTakesView(List<CaptureTake> takes) {}
