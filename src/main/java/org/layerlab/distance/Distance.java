package org.layerlab.distance;

/**
 * How far a unit's parameters moved, over its flattened trainable tensors (weights, biases, norm
 * scales and shifts; BatchNorm running statistics are not parameters the optimizer moves).
 *
 * @param l2 ‖θ_T − θ_τ‖₂
 * @param l2Rel ‖θ_T − θ_τ‖₂ / ‖θ⁰‖₂, comparable across layers of different size and init scale
 *     (NaN when the unit's initial norm is zero)
 * @param l2Rms ‖θ_T − θ_τ‖₂ / √n, the root-mean-square change per parameter
 * @param linf max |θ_T − θ_τ|
 */
public record Distance(double l2, double l2Rel, double l2Rms, double linf) {}
