package org.layerlab.engine;

import ai.djl.engine.Engine;

/**
 * Which DJL and which native engine ran the numbers, for provenance: results can differ between
 * PyTorch builds, so a run records them.
 *
 * @param djl the DJL version
 * @param engine the engine's name and version, e.g. {@code PyTorch 2.7.1}
 */
public record EngineVersions(String djl, String engine) {

    /** Loads the engine if it is not loaded yet. */
    public static EngineVersions current() {
        Engine e = Engine.getInstance();
        return new EngineVersions(Engine.getDjlVersion(), e.getEngineName() + " " + e.getVersion());
    }
}
