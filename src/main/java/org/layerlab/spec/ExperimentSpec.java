package org.layerlab.spec;

/**
 * An experiment as data: immutable, validated, and written back fully resolved as the run's
 * {@code spec.yaml}, so a run folder says exactly what produced it. Load it with {@link SpecLoader}.
 */
public record ExperimentSpec(
        String name, long seed, String device, DataSpec data, ModelSpec model, TrainSpec train, AnalysisSpec analysis) {

    public ExperimentSpec withModel(ModelSpec newModel) {
        return new ExperimentSpec(name, seed, device, data, newModel, train, analysis);
    }

    public ExperimentSpec withTrain(TrainSpec newTrain) {
        return new ExperimentSpec(name, seed, device, data, model, newTrain, analysis);
    }

    public ExperimentSpec withName(String newName) {
        return new ExperimentSpec(newName, seed, device, data, model, train, analysis);
    }
}
