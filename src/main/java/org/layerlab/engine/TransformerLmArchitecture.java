package org.layerlab.engine;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.layerlab.init.Init;
import org.layerlab.metric.Metric;
import org.layerlab.spec.ModelSpec;
import org.layerlab.unit.TensorRole;

/**
 * A decoder-only Transformer language model after karpathy/nanoGPT ({@code model.py}, commit 3adf61e):
 * token embedding, learned position embedding, {@code depth} pre-LayerNorm blocks with causal
 * multi-head self-attention and a GELU MLP, a final LN and a linear output head at every position.
 * Input: int64 token ids (B, T); output: logits (B, T, V) scored against the next tokens (B, T).
 *
 * <p>Unlike nanoGPT the head is <em>not</em> tied to the token embedding, so each is a unit of its own;
 * like nanoGPT's {@code lm_head} it has no bias. Every other dense layer and LayerNorm has one
 * (nanoGPT's {@code bias=True}, GPT-2's layout).
 *
 * <p>Initializers ({@code model.init: nanogpt}), as {@code GPT._init_weights} and the lines after it:
 *
 * <ul>
 *   <li>{@code tok_embed.weight} (V, dim), {@code pos_embed.weight} (context, dim): N(0, 0.02²).
 *   <li>{@code block{i}.attn.qkv.weight} (3·dim, dim), {@code block{i}.mlp.fc1.weight}, {@code
 *       head.weight} (V, dim): N(0, 0.02²).
 *   <li>{@code block{i}.attn.proj.weight} and {@code block{i}.mlp.fc2.weight} (nanoGPT's two {@code
 *       c_proj}, which write into the residual stream): N(0, (0.02/√(2·depth))²).
 *   <li>every bias zeros; every LayerNorm scale 1, shift 0, ε = 10⁻⁵ (nanoGPT's {@code F.layer_norm}).
 * </ul>
 *
 * <p>Units, one stage each: {@code tok_embed}, {@code pos_embed}, {@code block1} … {@code block{depth}},
 * {@code final_norm}, {@code head}; parts as for the ViT ({@code block{i}.ln1}, {@code .attn}, {@code .ln2},
 * {@code .mlp}).
 *
 * <p>Dropout where nanoGPT has it: after the sum of the embeddings, on the attention weights, after the
 * attention's projection and after the MLP's output (none after its GELU).
 */
final class TransformerLmArchitecture extends TransformerArchitecture {
    static final float LN_EPSILON = 1e-5f;
    static final double STD = 0.02;

    @Override
    public String id() {
        return "transformer-lm";
    }

    @Override
    String initId() {
        return "nanogpt";
    }

    @Override
    public Metric metric() {
        return Metric.LOSS;
    }

    @Override
    public boolean takesTokens() {
        return true;
    }

    @Override
    public Set<String> keys() {
        return Set.of("depth", "dim", "heads", "mlp_dim", "context", "dropout");
    }

    /**
     * {@code context} (the rows of the position table) defaults to the data's window; a set value must
     * cover it. Whether the text is long enough for such windows is the data's check.
     */
    @Override
    public ModelSpec resolve(ModelSpec spec, DataShape data) {
        ModelSpec m = resolveCommon(spec);
        requireHeads(m);
        int window = data.example()[0];
        int context = m.context() == null ? window : m.context();
        require(
                context >= window,
                "context",
                context + " is shorter than the data's windows of " + window + " tokens (set model.context ≥ " + window
                        + ", or leave it out)");
        return m.toBuilder()
                .context(context)
                .mlpDim(width(m.mlpDim(), m.dim(), 4, "mlp_dim", id()))
                .build();
    }

    @Override
    List<Block> build(ModelSpec spec, DataShape data, LayoutRecorder rec) {
        int dim = spec.dim();
        int mlp = spec.mlpDim();
        int vocabulary = data.classes();
        long tokens = data.example()[0];
        float drop = (float) spec.dropout();
        Init normal = new Init.Normal(STD);
        Init residual = new Init.Normal(STD / Math.sqrt(2.0 * spec.depth()));
        Init zeros = Init.Constant.ZEROS;
        List<Block> stages = new ArrayList<>();

        LearnedTable tok = new LearnedTable(LearnedTable.Kind.TOKENS, new Shape(vocabulary, dim), 0);
        rec.tensor("tok_embed", "tok_embed", 0, "tok_embed.weight", tok.table(), TensorRole.EMBEDDING, normal);
        stages.add(tok);
        LearnedTable pos = new LearnedTable(LearnedTable.Kind.POSITIONS, new Shape(spec.context(), dim), drop);
        rec.tensor("pos_embed", "pos_embed", 1, "pos_embed.weight", pos.table(), TensorRole.EMBEDDING, normal);
        stages.add(pos);

        for (int i = 1; i <= spec.depth(); i++) {
            int s = stages.size();
            String u = "block" + i;
            Block ln1 = rec.layerNorm(u, u + ".ln1", s, u + ".ln1", LN_EPSILON);
            Linear qkv = rec.linear(u, u + ".attn", s, u + ".attn.qkv", 3 * dim, normal, zeros, tokens);
            Linear proj = rec.linear(u, u + ".attn", s, u + ".attn.proj", dim, residual, zeros, tokens);
            // The full T×T products are computed, the masked half included.
            rec.activationMacs(2 * tokens * tokens * dim);
            Block ln2 = rec.layerNorm(u, u + ".ln2", s, u + ".ln2", LN_EPSILON);
            Linear fc1 = rec.linear(u, u + ".mlp", s, u + ".mlp.fc1", mlp, normal, zeros, tokens);
            Linear fc2 = rec.linear(u, u + ".mlp", s, u + ".mlp.fc2", dim, residual, zeros, tokens);
            stages.add(new TransformerBlock(
                    ln1, new SelfAttention(qkv, proj, spec.heads(), true, drop), ln2, new Mlp(fc1, fc2, 0, drop)));
        }
        stages.add(rec.layerNorm("final_norm", "final_norm", stages.size(), "final_norm", LN_EPSILON));
        Linear head = rec.linear("head", "head", stages.size(), "head", vocabulary, normal, null, tokens);
        stages.add(new TokenHead(TokenHead.Pool.EVERY_TOKEN, head));
        return stages;
    }

    @Override
    public Footprint footprint(ModelSpec spec, DataShape data) {
        double dim = spec.dim();
        double tokens = data.example()[0];
        boolean drop = spec.dropout() > 0;
        Footprint.Tally t = new Footprint.Tally().values(tokens); // the ids
        t.tensor((double) data.classes() * dim).values(tokens * dim); // looked up
        t.tensor(spec.context() * dim).values(tokens * dim * (drop ? 2 : 1)); // + positions, dropout
        for (int i = 0; i < spec.depth(); i++) {
            layerNorm(t, tokens, dim);
            attention(t, tokens, dim, spec.heads(), true, drop);
            t.values(tokens * dim);
            layerNorm(t, tokens, dim);
            mlp(t, tokens, dim, spec.mlpDim(), false, drop);
            t.values(tokens * dim);
        }
        layerNorm(t, tokens, dim);
        t.linear(dim, data.classes(), tokens, false);
        return t.done(
                "model.depth=" + spec.depth() + ", model.dim=" + spec.dim() + ", model.mlp_dim=" + spec.mlpDim()
                        + ", model.context=" + spec.context() + " (vocabulary " + data.classes() + ")",
                "lower model.dim, model.depth, model.mlp_dim or model.context");
    }
}
