/**
 * The ffmpeg console: users run ffmpeg on one asset's file from presets or their own arguments,
 * without a shell and without reaching any other file.
 *
 * <ul>
 *   <li>{@link org.thatdam.media.console.ArgumentPolicy} decides whether an argument list may run
 *       (an allow-list of options, values and filters; {@code {{input}}} the only input,
 *       {@code {{output.EXT}}} the only outputs) and says why not with a
 *       {@link org.thatdam.media.console.RejectedArgumentException}.</li>
 *   <li>{@link org.thatdam.media.console.Presets} expands named operations with checked parameters
 *       into a {@link org.thatdam.media.console.ConsoleCommand};
 *       {@link org.thatdam.media.console.ConsoleCommand#custom} wraps a user's own list.</li>
 *   <li>{@link org.thatdam.media.console.ConsoleRunner} runs a command into an empty work directory
 *       within {@link org.thatdam.media.console.ConsoleLimits} and reports a
 *       {@link org.thatdam.media.console.ConsoleOutcome}.</li>
 *   <li>{@link org.thatdam.media.console.TextOverlay}: a text the runner draws into a PNG (Java2D)
 *       for a preset's second input {@code -i {{overlay}}} (the watermark; the bundled ffmpeg has
 *       no drawtext). Only presets make commands with one; users' lists cannot name it.</li>
 * </ul>
 *
 * <p>Filters such as {@code reverse} buffer the whole input: the run's resident memory is watched
 * (read from /proc a few times a second) and the run stopped beyond
 * {@link org.thatdam.media.console.ConsoleLimits#maxMemoryBytes()}. Between two readings a filter can
 * still allocate a few hundred MiB more; this is a limit against runaways, not a hard cap.
 */
package org.thatdam.media.console;
