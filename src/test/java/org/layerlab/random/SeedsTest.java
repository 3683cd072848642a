package org.layerlab.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerlab.testing.Golden;

/**
 * Every number of a run (initialization, shuffling, re-randomization) comes from these seeds and
 * streams. They must stay the same across JDKs, platforms and layerlab versions, or a published run
 * can no longer be reproduced from its spec: hence golden values, not just self-consistency.
 */
class SeedsTest {

    @Test
    void derivedSeedsAndTheirFirstDrawsMatchTheGoldenFile() {
        StringBuilder sb =
                new StringBuilder("# Seeds.derive(runSeed, path...) and the first draws of Seeds.rng(...)\n");
        for (long seed : new long[] {0, 1, -1, 20220101}) {
            for (List<String> path : List.of(
                    List.of("init"),
                    List.of("init", "layer1.weight"),
                    List.of("shuffle", "1"),
                    List.of("augment", "1"),
                    List.of("rerandomize", "layer1", "0"))) {
                sb.append(seed)
                        .append(' ')
                        .append(String.join("/", path))
                        .append(" = ")
                        .append(Seeds.derive(seed, path.toArray(String[]::new)))
                        .append('\n');
            }
        }
        Rng r = Seeds.rng(0, "init", "layer1.weight");
        sb.append("uniform ")
                .append(r.uniform())
                .append(' ')
                .append(r.uniform())
                .append('\n');
        sb.append("normal ")
                .append(r.normal())
                .append(' ')
                .append(r.normal())
                .append(' ')
                .append(r.normal())
                .append('\n');
        sb.append("truncatedNormal ").append(r.truncatedNormal(1, 2)).append('\n');
        sb.append("nextInt ")
                .append(r.nextInt(10))
                .append(' ')
                .append(r.nextInt(1000))
                .append('\n');
        sb.append("permutation ")
                .append(java.util.Arrays.toString(Seeds.rng(0, "shuffle", "1").permutation(10)))
                .append('\n');
        // Double.toString and Long.toString are exact, so text comparison is bit comparison. The derived
        // seeds were checked independently of Java: the first 8 bytes, big-endian, of SHA-256 of
        // "layerlab/0/init" are -3486438016029069598 (Python: struct.unpack('>q', sha256(...)[:8])).
        Golden.checkText("seeds.txt", sb.toString());
    }

    @Test
    void differentNamesAndRunSeedsGiveDifferentSeeds() {
        Set<Long> seen = new HashSet<>();
        for (long run = 0; run < 5; run++) {
            for (String a : List.of("init", "shuffle", "augment", "rerandomize")) {
                for (String b : List.of("1", "2", "layer1", "layer2")) {
                    assertTrue(seen.add(Seeds.derive(run, a, b)), run + "/" + a + "/" + b + " collides");
                }
                assertTrue(seen.add(Seeds.derive(run, a)), run + "/" + a + " collides");
            }
        }
    }

    @Test
    void thePathIsNotJustConcatenated() {
        // "ab" + "c" and "a" + "bc" are different paths.
        assertNotEquals(Seeds.derive(0, "ab", "c"), Seeds.derive(0, "a", "bc"));
        assertEquals(Seeds.derive(3, "x", "y"), Seeds.derive(3, "x", "y"));
    }

    @Test
    void aStreamIsReproducible() {
        Rng a = Seeds.rng(9, "shuffle", "4");
        Rng b = Seeds.rng(9, "shuffle", "4");
        for (int i = 0; i < 100; i++) {
            assertEquals(a.normal(), b.normal());
        }
        int[] p = Seeds.rng(9, "shuffle", "4").permutation(50);
        int[] sorted = p.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i], "a permutation holds every index once");
        }
    }
}
