package org.layerlab.train;

import org.layerlab.metric.Metric;

/**
 * One line of {@code train-log.csv}. Epoch 0 is the initialization (loss/error measured before any
 * update; lr is the rate the first epoch will use).
 *
 * @param trainLoss mean training loss over the epoch's batches (as they were seen, while the weights
 *     moved)
 * @param trainError error over the epoch's training batches, likewise
 * @param testLoss mean cross-entropy of the end-of-epoch weights on the full test set
 * @param testError error of the end-of-epoch weights on the full test set
 * @param seconds wall time of the epoch (training and the test evaluation)
 */
public record EpochRecord(
        int epoch, double lr, double trainLoss, double trainError, double testLoss, double testError, double seconds) {

    /** The test value of the run's metric. */
    public double test(Metric metric) {
        return metric == Metric.LOSS ? testLoss : testError;
    }
}
