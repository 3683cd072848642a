package org.layerlab.engine;

import ai.djl.ndarray.types.Shape;
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
 * The Vision Transformer of google-research/vision_transformer ({@code vit_jax/models_vit.py}, commit
 * c6de1e5 of May 2024), pre-LayerNorm: a patch embedding (convolution, kernel = stride = patch), a class
 * token in front of the patches, a learned position embedding, {@code depth} blocks (LN → multi-head
 * self-attention → residual; LN → MLP with GELU → residual), a final LN and a linear head on the class
 * token.
 *
 * <p>Initializers ({@code model.init: vit-jax}), tensor by tensor as vit_jax draws them:
 *
 * <ul>
 *   <li>{@code patch_embed.weight} (dim, C, p, p): Flax {@code nn.Conv}'s default lecun_normal, a normal
 *       truncated at ±2σ with the variance corrected to 1/fan_in, fan_in = C·p·p ({@link JaxInits});
 *       {@code patch_embed.bias}: zeros.
 *   <li>{@code cls_token} (1, 1, dim): zeros ({@code self.param('cls', nn.initializers.zeros, …)}).
 *   <li>{@code pos_embed} (1, N+1, dim): N(0, 0.02²) ({@code posemb_init=normal(stddev=0.02)}, "from BERT").
 *   <li>{@code block{i}.attn.qkv.weight} (3·dim, dim) and {@code block{i}.attn.proj.weight} (dim, dim):
 *       xavier_uniform with fans (dim, dim) ({@code MultiHeadDotProductAttention(kernel_init=
 *       xavier_uniform())}, whose DenseGeneral flattens each kernel to (dim, dim)); their biases zeros
 *       (Flax's default bias_init).
 *   <li>{@code block{i}.mlp.fc1.weight} (mlp_dim, dim), {@code fc2.weight} (dim, mlp_dim): xavier_uniform;
 *       their biases N(0, (10⁻⁶)²) ({@code MlpBlock}'s {@code bias_init=normal(stddev=1e-6)}).
 *   <li>every LayerNorm: scale 1, shift 0, ε = 10⁻⁶ (Flax's LayerNorm defaults).
 *   <li>{@code head.weight}, {@code head.bias}: zeros ({@code kernel_init=zeros}, {@code head_bias_init=0}).
 * </ul>
 *
 * <p>Tensors are stored in PyTorch's layout (a dense kernel is (out, in), a convolution (out, in, kh,
 * kw)); the distributions above do not depend on the layout.
 *
 * <p>Units ({@code analysis.units: blocks}), one stage each: {@code patch_embed}, {@code cls_token},
 * {@code pos_embed}, {@code block1} … {@code block{depth}}, {@code final_norm}, {@code head}. Parts split
 * each block into {@code block{i}.ln1}, {@code block{i}.attn} (qkv and proj with their biases),
 * {@code block{i}.ln2}, {@code block{i}.mlp} (fc1 and fc2 with their biases).
 *
 * <p>Dropout ({@code model.dropout}) where vit_jax has it: after adding the position embedding, on the
 * attention weights, after the attention's projection, after the MLP's GELU and after its output.
 */
final class VitArchitecture extends TransformerArchitecture {
    /** Flax's LayerNorm epsilon. */
    static final float LN_EPSILON = 1e-6f;

    @Override
    public String id() {
        return "vit";
    }

    @Override
    String initId() {
        return "vit-jax";
    }

    @Override
    public Set<String> keys() {
        return Set.of("depth", "patch", "dim", "heads", "mlp_dim", "dropout");
    }

    @Override
    public ModelSpec resolve(ModelSpec spec, DataShape data) {
        ModelSpec m = resolveCommon(spec);
        requirePatch(m, data);
        requireHeads(m);
        return m.toBuilder()
                .mlpDim(width(m.mlpDim(), m.dim(), 4, "mlp_dim", id()))
                .build();
    }

    @Override
    List<Block> build(ModelSpec spec, DataShape data, LayoutRecorder rec) {
        int[] chw = data.example();
        int p = spec.patch();
        int dim = spec.dim();
        int mlp = spec.mlpDim();
        long patches = (long) (chw[1] / p) * (chw[2] / p);
        long tokens = patches + 1;
        float drop = (float) spec.dropout();
        List<Block> stages = new ArrayList<>();

        Conv2d conv = PatchEmbedding.convolution(dim, p);
        String pe = "patch_embed";
        rec.tensor(
                pe,
                pe,
                0,
                pe + ".weight",
                conv.getParameters().get("weight"),
                TensorRole.WEIGHT,
                JaxInits.lecunNormal((long) chw[0] * p * p));
        rec.tensor(pe, pe, 0, pe + ".bias", conv.getParameters().get("bias"), TensorRole.BIAS, Init.Constant.ZEROS);
        rec.positions(pe + ".weight", patches);
        stages.add(new PatchEmbedding(conv));

        LearnedTable cls = new LearnedTable(LearnedTable.Kind.CLASS_TOKEN, new Shape(1, 1, dim), 0);
        rec.tensor("cls_token", "cls_token", 1, "cls_token", cls.table(), TensorRole.EMBEDDING, Init.Constant.ZEROS);
        stages.add(cls);

        LearnedTable pos = new LearnedTable(LearnedTable.Kind.POSITIONS, new Shape(1, tokens, dim), drop);
        rec.tensor("pos_embed", "pos_embed", 2, "pos_embed", pos.table(), TensorRole.EMBEDDING, new Init.Normal(0.02));
        stages.add(pos);

        Init attention = JaxInits.xavierUniform(dim, dim);
        Init mlpBias = new Init.Normal(1e-6);
        for (int i = 1; i <= spec.depth(); i++) {
            int s = stages.size();
            String u = "block" + i;
            Block ln1 = rec.layerNorm(u, u + ".ln1", s, u + ".ln1", LN_EPSILON);
            Linear qkv =
                    rec.linear(u, u + ".attn", s, u + ".attn.qkv", 3 * dim, attention, Init.Constant.ZEROS, tokens);
            Linear proj = rec.linear(u, u + ".attn", s, u + ".attn.proj", dim, attention, Init.Constant.ZEROS, tokens);
            rec.activationMacs(2 * tokens * tokens * dim);
            Block ln2 = rec.layerNorm(u, u + ".ln2", s, u + ".ln2", LN_EPSILON);
            Linear fc1 = rec.linear(
                    u, u + ".mlp", s, u + ".mlp.fc1", mlp, JaxInits.xavierUniform(dim, mlp), mlpBias, tokens);
            Linear fc2 = rec.linear(
                    u, u + ".mlp", s, u + ".mlp.fc2", dim, JaxInits.xavierUniform(mlp, dim), mlpBias, tokens);
            stages.add(new TransformerBlock(
                    ln1, new SelfAttention(qkv, proj, spec.heads(), false, drop), ln2, new Mlp(fc1, fc2, drop, drop)));
        }
        stages.add(rec.layerNorm("final_norm", "final_norm", stages.size(), "final_norm", LN_EPSILON));
        Linear head = rec.linear(
                "head", "head", stages.size(), "head", data.classes(), Init.Constant.ZEROS, Init.Constant.ZEROS, 1);
        stages.add(new TokenHead(TokenHead.Pool.CLASS_TOKEN, head));
        return stages;
    }

    @Override
    public Footprint footprint(ModelSpec spec, DataShape data) {
        int[] chw = data.example();
        long p = spec.patch();
        double dim = spec.dim();
        double patches = (double) (chw[1] / p) * (chw[2] / p);
        double tokens = patches + 1;
        boolean drop = spec.dropout() > 0;
        Footprint.Tally t = new Footprint.Tally().values((double) chw[0] * chw[1] * chw[2]);
        t.conv(chw[0], spec.dim(), p, chw[1] / p, chw[2] / p, true); // (B, N, dim) is a view of its output
        t.tensor(dim).values(tokens * dim); // the class token, concatenated
        t.tensor(tokens * dim).values(tokens * dim * (drop ? 2 : 1)); // + positions, dropout
        for (int i = 0; i < spec.depth(); i++) {
            layerNorm(t, tokens, dim);
            attention(t, tokens, dim, spec.heads(), false, drop);
            t.values(tokens * dim); // residual
            layerNorm(t, tokens, dim);
            mlp(t, tokens, dim, spec.mlpDim(), drop, drop);
            t.values(tokens * dim); // residual
        }
        layerNorm(t, tokens, dim);
        t.linear(dim, data.classes(), 1, true); // on the class token, a view
        return t.done(
                "model.depth=" + spec.depth() + ", model.dim=" + spec.dim() + ", model.mlp_dim=" + spec.mlpDim()
                        + ", model.patch=" + spec.patch() + " (" + (long) tokens + " tokens)",
                "lower model.dim, model.depth or model.mlp_dim, or raise model.patch");
    }
}
