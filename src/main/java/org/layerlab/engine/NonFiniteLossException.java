package org.layerlab.engine;

/**
 * The training loss of a batch was NaN or infinite: the weights have diverged (too large a learning
 * rate, usually), and every later number would be meaningless. Training stops at that step.
 *
 * @see org.layerlab.train.Training, which turns it into bad input naming the epoch and the keys to change
 */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int step;
    private final int steps;
    private final float loss;

    NonFiniteLossException(int step, int steps, float loss) {
        super("training loss " + loss + " at step " + step + " of " + steps);
        this.step = step;
        this.steps = steps;
        this.loss = loss;
    }

    /** 1-based step of the epoch at which the loss stopped being finite. */
    public int step() {
        return step;
    }

    public int steps() {
        return steps;
    }

    public float loss() {
        return loss;
    }
}
