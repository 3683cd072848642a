package org.layerlab.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Mean, sample sd and the Student-t 95 % interval, against numbers worked out by hand. */
class SeedStatsTest {
    @Test
    void threeValuesByHand() {
        // mean (0.1 + 0.2 + 0.4) / 3 = 0.2333…; squared deviations 0.017778 + 0.001111 + 0.027778 = 0.046667,
        // / (n − 1 = 2) = 0.023333, sd = 0.152753; t(0.975, 2 df) = 4.302653 (tables: 4.303);
        // half-width = 4.302653 · 0.152753 / √3 = 0.379458.
        SeedStats s = SeedStats.of(0.1, 0.2, 0.4);
        assertEquals(3, s.n());
        assertEquals(0.233333, s.mean(), 1e-6);
        assertEquals(0.152753, s.sd(), 1e-6);
        assertEquals(0.379458, s.halfWidth(), 1e-6);
        assertEquals(0.233333 - 0.379458, s.ciLow(), 1e-6);
        assertEquals(0.233333 + 0.379458, s.ciHigh(), 1e-6);
    }

    @Test
    void fiveSeedsUseFourDegreesOfFreedom() {
        // 1..5: mean 3, sd √2.5 = 1.581139; t(0.975, 4) = 2.776445; half-width 2.776445 · 1.581139 / √5 = 1.963243.
        SeedStats s = SeedStats.of(1, 2, 3, 4, 5);
        assertEquals(3, s.mean(), 1e-12);
        assertEquals(1.581139, s.sd(), 1e-6);
        assertEquals(1.963243, s.halfWidth(), 1e-6);
    }

    @Test
    void oneSeedHasNoSpreadAndMissingValuesAreLeftOut() {
        SeedStats one = SeedStats.of(0.3);
        assertEquals(1, one.n());
        assertEquals(0.3, one.mean());
        assertTrue(Double.isNaN(one.sd()) && Double.isNaN(one.ciLow()) && Double.isNaN(one.halfWidth()));
        SeedStats gaps = SeedStats.of(0.1, Double.NaN, 0.3);
        assertEquals(2, gaps.n());
        assertEquals(0.2, gaps.mean(), 1e-12);
        assertEquals(0, SeedStats.of().n());
        assertTrue(Double.isNaN(SeedStats.of(Double.NaN).mean()));
    }

    @Test
    void identicalSeedsHaveAZeroWidthInterval() {
        SeedStats s = SeedStats.of(0.05, 0.05, 0.05);
        assertEquals(0, s.sd(), 1e-15);
        assertEquals(0.05, s.ciLow(), 1e-15);
        assertEquals(0.05, s.ciHigh(), 1e-15);
    }
}
