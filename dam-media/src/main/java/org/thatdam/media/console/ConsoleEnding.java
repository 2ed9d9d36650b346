package org.thatdam.media.console;

/** How a console run ended. */
public enum ConsoleEnding {
    OK,
    /** The tool exited with an error (bad codec name, no such stream, …). */
    FAILED,
    /** It ran longer than {@link ConsoleLimits#maxTime()} and was stopped. */
    TIMED_OUT,
    /** The caller asked to stop, or the thread was interrupted. */
    CANCELLED,
    /**
     * The work directory grew beyond {@link ConsoleLimits#maxOutputBytes()} on disk, or beyond
     * {@link ConsoleLimits#maxOutputFiles()} files.
     */
    OUTPUT_LIMIT,
    /** The tool's process tree used more resident memory than {@link ConsoleLimits#maxMemoryBytes()}. */
    MEMORY_LIMIT
}
