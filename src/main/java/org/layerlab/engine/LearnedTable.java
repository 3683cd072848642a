package org.layerlab.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A stage that is one learned table and what it does to the (batch, tokens, …) stream: a class token
 * put in front of the tokens, a position embedding added to them, or a token embedding looked up by
 * int64 token ids. Its values come from layerlab's own initializers (loaded after the network is
 * built), so DJL's initializer only has to give the array its shape: zeros, cheaply.
 *
 * <p>Token ids need nothing special when the network is built: DJL's initialization passes shapes only
 * (its data type argument is the parameters'), and the lookup ({@code torch.embedding}) meets the int64
 * ids only in the forward pass.
 */
final class LearnedTable extends AbstractBlock {
    enum Kind {
        /** (1, 1, dim) prepended to (B, N, dim): (B, N + 1, dim). */
        CLASS_TOKEN,
        /** (1, T, dim) or (T_max, dim) added to (B, T, dim) (a longer table is cut to T rows). */
        POSITIONS,
        /** (V, dim) looked up by (B, T) token ids: (B, T, dim). */
        TOKENS
    }

    private final Kind kind;
    private final Parameter table;
    private final float dropout;

    /** @param dropout applied to the output (vit_jax and nanoGPT drop out the embedded input) */
    LearnedTable(Kind kind, Shape shape, float dropout) {
        this.kind = kind;
        this.dropout = dropout;
        this.table = addParameter(Parameter.builder()
                .setName("table")
                .setType(Parameter.Type.WEIGHT)
                .optShape(shape)
                .optInitializer(Initializer.ZEROS)
                .build());
    }

    Parameter table() {
        return table;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray t = store.getValue(table, x.getDevice(), training);
        NDArray out = switch (kind) {
            case CLASS_TOKEN -> {
                Shape s = x.getShape();
                // An op's result belongs to its first operand's manager: made from the parameter, it would live
                // as long as the network (and so would everything computed from it), so it joins the batch's.
                NDArray tokens = t.broadcast(s.get(0), 1, s.get(2));
                tokens.attach(x.getManager());
                yield tokens.concat(x, 1);
            }
            case POSITIONS -> {
                long tokens = x.getShape().get(1);
                int axis = t.getShape().dimension() - 2;
                NDArray rows = t;
                if (t.getShape().get(axis) != tokens) {
                    rows = t.get(new NDIndex("..., :{}, :", tokens));
                    rows.attach(x.getManager()); // as above: a slice of the parameter, for this batch only
                }
                yield Dropouts.apply(x.add(rows), dropout, training);
            }
            case TOKENS ->
                Dropouts.apply(
                        x.getNDArrayInternal()
                                .embedding(x, t, SparseFormat.DENSE)
                                .singletonOrThrow(),
                        dropout,
                        training);
        };
        return new NDList(out);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        long dim = table.getShape().get(table.getShape().dimension() - 1);
        return new Shape[] {
            switch (kind) {
                case CLASS_TOKEN -> new Shape(s.get(0), s.get(1) + 1, s.get(2));
                case POSITIONS -> s;
                case TOKENS -> new Shape(s.get(0), s.get(1), dim);
            }
        };
    }
}
