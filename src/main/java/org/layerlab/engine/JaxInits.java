package org.layerlab.engine;

import org.layerlab.init.Init;

/**
 * The two Flax initializers vit_jax uses, with JAX's conventions (jax.nn.initializers.variance_scaling):
 *
 * <ul>
 *   <li>{@code lecun_normal()} = variance_scaling(1, "fan_in", "truncated_normal"): a normal truncated
 *       at ±2 of its own σ, with σ = √(1/fan_in) / 0.87962566103423978, the standard deviation of a
 *       unit normal truncated at ±2, so that the draws' variance is exactly 1/fan_in. DJL's
 *       TruncatedNormalInitializer makes no such correction.
 *   <li>{@code xavier_uniform()} = variance_scaling(1, "fan_avg", "uniform"): U(±√(6/(fan_in + fan_out))).
 *       DJL's default XavierInitializer() has magnitude 2, i.e. √2 times this bound.
 * </ul>
 *
 * Fans follow Flax: a dense kernel (in, out) has fan_in = in, fan_out = out; a convolution kernel
 * (kh, kw, in, out) has fan_in = kh·kw·in and fan_out = kh·kw·out; DenseGeneral (attention's q, k, v and
 * output projections) flattens its kernel to (dim, dim) before calling the initializer, so each has
 * fans (dim, dim).
 */
final class JaxInits {
    /** Standard deviation of N(0, 1) conditioned on |x| ≤ 2 (the constant JAX divides by). */
    static final double TRUNCATED_STD = 0.87962566103423978;

    private JaxInits() {}

    static Init lecunNormal(long fanIn) {
        return new Init.TruncatedNormal(Math.sqrt(1.0 / fanIn) / TRUNCATED_STD, 2);
    }

    static Init xavierUniform(long fanIn, long fanOut) {
        return new Init.Uniform(Math.sqrt(6.0 / (fanIn + fanOut)));
    }
}
