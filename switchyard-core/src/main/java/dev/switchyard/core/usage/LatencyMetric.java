package dev.switchyard.core.usage;

/** What a latency histogram counts: total latency, or time to the first content byte (only answers that had one). */
public enum LatencyMetric {
    LATENCY("latency"),
    TTFT("ttft");

    private final String column;

    LatencyMetric(String column) {
        this.column = column;
    }

    /** The name stored in the rollups. */
    public String stored() {
        return column;
    }

    /** The metric stored under {@code name}. */
    public static LatencyMetric ofStored(String name) {
        return name.equals("ttft") ? TTFT : LATENCY;
    }
}
