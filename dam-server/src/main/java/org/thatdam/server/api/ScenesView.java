package org.thatdam.server.api;

import java.util.List;

/** A video's scenes in order (empty until it was analysed). */
public record ScenesView(long assetId, List<SceneView> scenes) {}
