package org.layerlab.spec;

import java.util.List;

/**
 * The network; see defaults.yaml for which keys apply to which {@code arch}. Each family
 * (engine.Architecture) reads its own keys and requires the others to stay at their defaults.
 *
 * @param patch vit/mixer: side of the square patches
 * @param dim vit/mixer/transformer-lm: width of the residual stream
 * @param heads vit/transformer-lm: attention heads (must divide dim)
 * @param mlpDim vit/transformer-lm: hidden width of each block's MLP
 * @param tokenMlpDim mixer: hidden width of the token-mixing MLP
 * @param channelMlpDim mixer: hidden width of the channel-mixing MLP
 * @param context transformer-lm: tokens per window
 * @param dropout transformers: dropout rate, 0 = off
 * @param remove units left out of the network from the start (the identity in their place)
 */
public record ModelSpec(
        String arch,
        Integer depth,
        Integer width,
        String variant,
        double widthMultiplier,
        String norm,
        String stem,
        String init,
        Integer patch,
        Integer dim,
        Integer heads,
        Integer mlpDim,
        Integer tokenMlpDim,
        Integer channelMlpDim,
        Integer context,
        double dropout,
        List<String> remove) {

    public ModelSpec {
        remove = remove == null ? List.of() : List.copyOf(remove);
    }

    /** A convnet or FCN spec: the transformer keys at their defaults. */
    public ModelSpec(
            String arch,
            Integer depth,
            Integer width,
            String variant,
            double widthMultiplier,
            String norm,
            String stem,
            String init) {
        this(
                arch,
                depth,
                width,
                variant,
                widthMultiplier,
                norm,
                stem,
                init,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                List.of());
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with some keys changed, for an architecture filling in its defaults. */
    public static final class Builder {
        private String arch;
        private Integer depth;
        private Integer width;
        private String variant;
        private double widthMultiplier;
        private String norm;
        private String stem;
        private String init;
        private Integer patch;
        private Integer dim;
        private Integer heads;
        private Integer mlpDim;
        private Integer tokenMlpDim;
        private Integer channelMlpDim;
        private Integer context;
        private double dropout;
        private List<String> remove;

        private Builder(ModelSpec m) {
            arch = m.arch;
            depth = m.depth;
            width = m.width;
            variant = m.variant;
            widthMultiplier = m.widthMultiplier;
            norm = m.norm;
            stem = m.stem;
            init = m.init;
            patch = m.patch;
            dim = m.dim;
            heads = m.heads;
            mlpDim = m.mlpDim;
            tokenMlpDim = m.tokenMlpDim;
            channelMlpDim = m.channelMlpDim;
            context = m.context;
            dropout = m.dropout;
            remove = m.remove;
        }

        public Builder variant(String v) {
            variant = v;
            return this;
        }

        public Builder norm(String v) {
            norm = v;
            return this;
        }

        public Builder stem(String v) {
            stem = v;
            return this;
        }

        public Builder init(String v) {
            init = v;
            return this;
        }

        public Builder context(Integer v) {
            context = v;
            return this;
        }

        public Builder mlpDim(Integer v) {
            mlpDim = v;
            return this;
        }

        public Builder tokenMlpDim(Integer v) {
            tokenMlpDim = v;
            return this;
        }

        public Builder channelMlpDim(Integer v) {
            channelMlpDim = v;
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(
                    arch,
                    depth,
                    width,
                    variant,
                    widthMultiplier,
                    norm,
                    stem,
                    init,
                    patch,
                    dim,
                    heads,
                    mlpDim,
                    tokenMlpDim,
                    channelMlpDim,
                    context,
                    dropout,
                    remove);
        }
    }
}
