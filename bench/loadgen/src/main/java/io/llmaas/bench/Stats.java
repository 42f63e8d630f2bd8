package io.llmaas.bench;

import org.HdrHistogram.Histogram;

/** Histograms in microseconds and how the report prints them. */
final class Stats {

    private Stats() {
    }

    /** 1 µs to 120 s, 3 significant digits. */
    static Histogram histogram() {
        return new Histogram(1, 120_000_000L, 3);
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static String fmt(double ms) {
        return Double.isNaN(ms) ? "–" : String.format("%.3f", ms);
    }

    static String signed(double ms) {
        return Double.isNaN(ms) ? "–" : String.format("%+.3f", ms);
    }
}
