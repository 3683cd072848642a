package org.layerlab.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.layerlab.init.InitScheme;
import org.layerlab.snapshot.Tensor;
import org.layerlab.snapshot.WeightSnapshot;
import org.layerlab.unit.ModelLayout;
import org.layerlab.unit.TensorRole;
import org.layerlab.unit.TensorSpec;
import org.layerlab.unit.Unit;

/** jqwik generators for layouts and snapshots of any shape the study might meet. */
public final class Arbs {
    private Arbs() {}

    private record Plan(int[] shape, TensorRole role) {}

    /** 1–4 units of 1–3 tensors each, of rank 1–3 with small dimensions, any role and scheme. */
    public static Arbitrary<ModelLayout> layouts() {
        Arbitrary<int[]> shapes = Arbitraries.integers()
                .between(1, 4)
                .array(int[].class)
                .ofMinSize(1)
                .ofMaxSize(3);
        Arbitrary<Plan> tensor = Combinators.combine(
                        shapes,
                        // The roles of dense and convolutional layers, which an InitScheme covers.
                        Arbitraries.of(TensorRole.class).filter(r -> r != TensorRole.EMBEDDING))
                .as(Plan::new);
        Arbitrary<List<List<Plan>>> units =
                tensor.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(units, Arbitraries.of(InitScheme.class)).as(Arbs::layout);
    }

    private static ModelLayout layout(List<List<Plan>> plans, InitScheme scheme) {
        List<Unit> units = new ArrayList<>();
        for (int u = 0; u < plans.size(); u++) {
            List<TensorSpec> ts = new ArrayList<>();
            for (int j = 0; j < plans.get(u).size(); j++) {
                Plan p = plans.get(u).get(j);
                int fanIn = (int) (Tensor.numel(p.shape()) / p.shape()[0]);
                ts.add(new TensorSpec("u" + u + ".t" + j, p.shape(), p.role(), scheme, fanIn, p.shape()[0]));
            }
            units.add(new Unit("u" + u, u, ts));
        }
        return new ModelLayout("random", plans.size(), units);
    }

    /** Any float, with NaN, infinities, −0 and the smallest subnormal among the edge cases. */
    public static Arbitrary<Float> anyFloat() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.floats()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Float.NaN, -0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE)));
    }

    /** A snapshot with a tensor of the right shape for every tensor of the layout. */
    public static Arbitrary<WeightSnapshot> snapshots(ModelLayout layout) {
        List<TensorSpec> specs = new ArrayList<>(layout.tensors().values());
        List<Arbitrary<Tensor>> tensors = new ArrayList<>();
        for (TensorSpec s : specs) {
            tensors.add(anyFloat().list().ofSize((int) s.numel()).map(l -> {
                float[] v = new float[l.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = l.get(i);
                }
                return new Tensor(s.shape(), v);
            }));
        }
        return Combinators.combine(tensors).as(list -> {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (int i = 0; i < specs.size(); i++) {
                m.put(specs.get(i).name(), list.get(i));
            }
            return new WeightSnapshot(m);
        });
    }
}
