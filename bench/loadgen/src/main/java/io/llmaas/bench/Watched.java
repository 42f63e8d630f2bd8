package io.llmaas.bench;

import java.util.ArrayList;
import java.util.List;

/** Processes whose CPU time and peak RSS are reported per measurement step: {@code --cpu name=pid}. */
final class Watched {

    record Proc(String name, long pid) {
    }

    private final List<Proc> procs = new ArrayList<>();
    private long[] cpuAtStart;
    private double[] peakRss;
    private long startNanos;

    Watched(Options o) {
        for (String s : o.all("cpu")) {
            int eq = s.indexOf('=');
            procs.add(new Proc(s.substring(0, eq), Long.parseLong(s.substring(eq + 1))));
        }
    }

    boolean isEmpty() {
        return procs.isEmpty();
    }

    synchronized void start() {
        cpuAtStart = new long[procs.size()];
        peakRss = new double[procs.size()];
        for (int i = 0; i < procs.size(); i++) {
            cpuAtStart[i] = ProcStat.cpuMillis(procs.get(i).pid());
        }
        startNanos = System.nanoTime();
        sampleRss();
    }

    synchronized void sampleRss() {
        if (peakRss == null) {
            return;
        }
        for (int i = 0; i < procs.size(); i++) {
            peakRss[i] = Math.max(peakRss[i], ProcStat.rssMiB(procs.get(i).pid()));
        }
    }

    String header() {
        StringBuilder s = new StringBuilder();
        for (Proc p : procs) {
            s.append(" ").append(p.name()).append(" CPU % of a core | ").append(p.name())
                    .append(" CPU ms per 1k req | ").append(p.name()).append(" peak RSS MiB |");
        }
        return s.toString();
    }

    String separator() {
        return "---:|---:|---:|".repeat(procs.size());
    }

    /** The columns for a step that completed {@code requests}. */
    String stop(long requests) {
        sampleRss();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < procs.size(); i++) {
            long cpu = ProcStat.cpuMillis(procs.get(i).pid()) - cpuAtStart[i];
            s.append(String.format(" %.0f | %.1f | %.0f |", cpu / seconds / 10.0,
                    requests == 0 ? Double.NaN : cpu * 1000.0 / requests, peakRss[i]));
        }
        return s.toString();
    }
}
