package org.thatdam.server.api;

import java.util.List;
import org.thatdam.model.AudioInput;
import org.thatdam.model.LiveSource;

/**
 * The live sources of this machine (test patterns, cameras and capture cards, network streams), the sound
 * inputs that can be paired with them, and the encoder recordings use. A network source's address never
 * carries its credentials.
 */
public record CaptureSourcesView(List<LiveSource> sources, List<AudioInput> audio, String encoder) {}
