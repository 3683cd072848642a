package org.layerlab.engine;

/**
 * The size of a network and of one example's pass through it, worked out from the spec and the data
 * shape alone, before anything is built: {@link MemoryCheck} uses it to refuse specs that cannot fit
 * this machine. Each architecture computes its own next to its builder; tests pin the parameter count
 * to the built layout's and the multiply-adds to the built network's.
 *
 * <p>Counts are doubles so that no spec, however absurd, can overflow them: a double is exact for
 * integers up to 2⁵³ (about 9·10¹⁵, far more values than any machine holds), and beyond that it is
 * still the right magnitude, which is all a refusal needs.
 *
 * @param parameters values in all parameter tensors, BatchNorm running statistics included (what
 *     {@code ModelLayout.parameterCount()} counts)
 * @param activations values in one example's input and in every intermediate output of its forward
 *     pass, which autograd keeps until the backward pass (views such as a flatten are not counted)
 * @param largestTensor values in the largest parameter tensor
 * @param forwardMacs multiply-adds of one example's forward pass
 * @param model the keys that set the network's size, with their values, e.g. {@code model.depth=3,
 *     model.width=256}
 * @param smaller how to make it smaller, in the user's words, e.g. {@code lower model.width or
 *     model.depth}
 */
public record Footprint(
        double parameters, double activations, double largestTensor, double forwardMacs, String model, String smaller) {

    /** Adds up a network layer by layer, in the order its builder creates them. */
    static final class Tally {
        private double parameters;
        private double activations;
        private double largest;
        private double macs;

        /** The input, or any output that is a new array (a ReLU, a pool, a residual sum). */
        Tally values(double n) {
            activations += n;
            return this;
        }

        /** A square convolution's weight (and bias) and its output of {@code out × hOut × wOut}. */
        Tally conv(long in, long out, long k, long hOut, long wOut, boolean bias) {
            double kernel = (double) out * in * k * k;
            tensor(kernel);
            if (bias) {
                tensor(out);
            }
            macs += kernel * hOut * wOut;
            return values((double) out * hOut * wOut);
        }

        /** A BatchNorm's scale, shift and running statistics, and its output. */
        Tally batchNorm(long channels, long h, long w) {
            for (int i = 0; i < 4; i++) {
                tensor(channels);
            }
            return values((double) channels * h * w);
        }

        /** {@code times} dense layers {@code in → out} with bias, and their outputs. */
        Tally dense(double in, double out, double times) {
            if (times <= 0) {
                return this;
            }
            tensor(in * out);
            tensor(out);
            parameters += (times - 1) * (in * out + out);
            macs += times * in * out;
            return values(times * out);
        }

        /**
         * A dense layer {@code in → out} applied at {@code positions} rows of one example (tokens), with
         * or without a bias, and its output.
         */
        Tally linear(double in, double out, double positions, boolean bias) {
            tensor(in * out);
            if (bias) {
                tensor(out);
            }
            macs += in * out * positions;
            return values(out * positions);
        }

        /** Multiply-adds between activations (attention's products), which no parameter accounts for. */
        Tally macs(double n) {
            macs += n;
            return this;
        }

        /** A parameter tensor of {@code n} values that is not a kernel (a norm, an embedding table). */
        Tally tensor(double n) {
            parameters += n;
            largest = Math.max(largest, n);
            return this;
        }

        Footprint done(String model, String smaller) {
            return new Footprint(parameters, activations, largest, macs, model, smaller);
        }
    }
}
