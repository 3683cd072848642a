package org.layerlab.engine;

import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.layerlab.init.Init;
import org.layerlab.spec.ModelSpec;
import org.layerlab.unit.TensorRole;

/**
 * The MLP-Mixer of google-research/vision_transformer ({@code vit_jax/models_mixer.py}, commit c6de1e5 of
 * May 2024): a per-patch linear stem (convolution, kernel = stride = patch), {@code depth} blocks (LN →
 * token-mixing MLP across the N patches → residual; LN → channel-mixing MLP → residual), a final LN,
 * the mean over patches and a linear head.
 *
 * <p>Initializers ({@code model.init: vit-jax}) are those of that file, which leaves every Dense and the
 * Conv at Flax's defaults, not the ViT's attention/MLP initializers:
 *
 * <ul>
 *   <li>{@code stem.weight} (dim, C, p, p): lecun_normal, fan_in = C·p·p ({@link JaxInits}); bias zeros.
 *   <li>{@code block{i}.token_mlp.fc1.weight} (token_mlp_dim, N): lecun_normal with fan_in = N;
 *       {@code fc2.weight} (N, token_mlp_dim): fan_in = token_mlp_dim; biases zeros.
 *   <li>{@code block{i}.channel_mlp.fc1.weight} (channel_mlp_dim, dim): fan_in = dim; {@code fc2.weight}
 *       (dim, channel_mlp_dim): fan_in = channel_mlp_dim; biases zeros.
 *   <li>every LayerNorm: scale 1, shift 0, ε = 10⁻⁶; {@code head.weight} zeros ({@code
 *       kernel_init=nn.initializers.zeros}), {@code head.bias} zeros.
 * </ul>
 *
 * <p>Defaults: token_mlp_dim = dim/2 and channel_mlp_dim = 4·dim, the ratios of the paper's Mixer-S/B/L
 * configurations (e.g. Mixer-B/16: dim 768, 384, 3072).
 *
 * <p>Units, one stage each: {@code stem}, {@code block1} … {@code block{depth}}, {@code final_norm},
 * {@code head}; parts split each block into {@code block{i}.ln1}, {@code block{i}.token_mlp},
 * {@code block{i}.ln2}, {@code block{i}.channel_mlp}.
 *
 * <p>The reference Mixer has no dropout; with {@code model.dropout} > 0 both MLPs drop out after their
 * GELU and after their output, where the ViT's MLP does.
 */
final class MixerArchitecture extends TransformerArchitecture {

    @Override
    public String id() {
        return "mixer";
    }

    @Override
    String initId() {
        return "vit-jax";
    }

    @Override
    public Set<String> keys() {
        return Set.of("depth", "patch", "dim", "token_mlp_dim", "channel_mlp_dim", "dropout");
    }

    @Override
    public ModelSpec resolve(ModelSpec spec, DataShape data) {
        ModelSpec m = resolveCommon(spec);
        requirePatch(m, data);
        return m.toBuilder()
                .tokenMlpDim(width(m.tokenMlpDim(), m.dim(), 0.5, "token_mlp_dim", id()))
                .channelMlpDim(width(m.channelMlpDim(), m.dim(), 4, "channel_mlp_dim", id()))
                .build();
    }

    @Override
    List<Block> build(ModelSpec spec, DataShape data, LayoutRecorder rec) {
        int[] chw = data.example();
        int p = spec.patch();
        int dim = spec.dim();
        int patches = (chw[1] / p) * (chw[2] / p);
        int tokenMlp = spec.tokenMlpDim();
        int channelMlp = spec.channelMlpDim();
        float drop = (float) spec.dropout();
        List<Block> stages = new ArrayList<>();

        Conv2d conv = PatchEmbedding.convolution(dim, p);
        rec.tensor(
                "stem",
                "stem",
                0,
                "stem.weight",
                conv.getParameters().get("weight"),
                TensorRole.WEIGHT,
                JaxInits.lecunNormal((long) chw[0] * p * p));
        rec.tensor(
                "stem", "stem", 0, "stem.bias", conv.getParameters().get("bias"), TensorRole.BIAS, Init.Constant.ZEROS);
        rec.positions("stem.weight", patches);
        stages.add(new PatchEmbedding(conv));

        Init zeros = Init.Constant.ZEROS;
        for (int i = 1; i <= spec.depth(); i++) {
            int s = stages.size();
            String u = "block" + i;
            Block ln1 = rec.layerNorm(u, u + ".ln1", s, u + ".ln1", VitArchitecture.LN_EPSILON);
            String tm = u + ".token_mlp";
            // Across patches, applied to each of the dim channels.
            Linear t1 = rec.linear(u, tm, s, tm + ".fc1", tokenMlp, JaxInits.lecunNormal(patches), zeros, dim);
            Linear t2 = rec.linear(u, tm, s, tm + ".fc2", patches, JaxInits.lecunNormal(tokenMlp), zeros, dim);
            Block ln2 = rec.layerNorm(u, u + ".ln2", s, u + ".ln2", VitArchitecture.LN_EPSILON);
            String cm = u + ".channel_mlp";
            Linear c1 = rec.linear(u, cm, s, cm + ".fc1", channelMlp, JaxInits.lecunNormal(dim), zeros, patches);
            Linear c2 = rec.linear(u, cm, s, cm + ".fc2", dim, JaxInits.lecunNormal(channelMlp), zeros, patches);
            stages.add(new TransformerBlock(
                    ln1, new TokenMixing(new Mlp(t1, t2, drop, drop)), ln2, new Mlp(c1, c2, drop, drop)));
        }
        stages.add(rec.layerNorm("final_norm", "final_norm", stages.size(), "final_norm", VitArchitecture.LN_EPSILON));
        Linear head = rec.linear("head", "head", stages.size(), "head", data.classes(), zeros, zeros, 1);
        stages.add(new TokenHead(TokenHead.Pool.MEAN, head));
        return stages;
    }

    @Override
    public Footprint footprint(ModelSpec spec, DataShape data) {
        int[] chw = data.example();
        long p = spec.patch();
        double dim = spec.dim();
        double patches = (double) (chw[1] / p) * (chw[2] / p);
        boolean drop = spec.dropout() > 0;
        Footprint.Tally t = new Footprint.Tally().values((double) chw[0] * chw[1] * chw[2]);
        t.conv(chw[0], spec.dim(), p, chw[1] / p, chw[2] / p, true);
        for (int i = 0; i < spec.depth(); i++) {
            layerNorm(t, patches, dim);
            mlp(t, dim, patches, spec.tokenMlpDim(), drop, drop); // on the swapped (dim, N) view
            t.values(patches * dim); // residual
            layerNorm(t, patches, dim);
            mlp(t, patches, dim, spec.channelMlpDim(), drop, drop);
            t.values(patches * dim); // residual
        }
        layerNorm(t, patches, dim);
        t.values(dim).linear(dim, data.classes(), 1, true); // mean over patches, head
        return t.done(
                "model.depth=" + spec.depth() + ", model.dim=" + spec.dim() + ", model.token_mlp_dim="
                        + spec.tokenMlpDim() + ", model.channel_mlp_dim=" + spec.channelMlpDim() + ", model.patch="
                        + spec.patch() + " (" + (long) patches + " patches)",
                "lower model.dim, model.depth or the MLP widths, or raise model.patch");
    }
}
