package org.thatdam.media.worker;

/**
 * What a pool has done so far.
 *
 * @param started      worker processes started
 * @param crashed      workers that died in the middle of a request (a native crash, a kill from outside)
 * @param timedOut     requests stopped at their time limit (their worker was killed)
 * @param requests     requests answered or failed
 * @param live         workers running now
 * @param peakRssBytes the most resident memory the live workers together reached (sum of their VmHWM),
 *                     the largest seen so far
 */
public record WorkerStats(long started, long crashed, long timedOut, long requests, int live, long peakRssBytes) {}
