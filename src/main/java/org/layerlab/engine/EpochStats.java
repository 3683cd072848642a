package org.layerlab.engine;

/** Mean training loss and error over the batches of one epoch, as the weights moved. */
public record EpochStats(double meanLoss, double error) {}
