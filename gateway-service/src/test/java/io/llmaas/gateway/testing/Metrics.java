package io.llmaas.gateway.testing;

import static io.restassured.RestAssured.given;

import java.util.stream.DoubleStream;

/** Reads the gateway's Prometheus scrape. */
public final class Metrics {

    private final String scrape;

    private Metrics(String scrape) {
        this.scrape = scrape;
    }

    public static Metrics scrape() {
        return new Metrics(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** A scrape read some other way (another process's {@code /q/metrics}). */
    public static Metrics of(String scrape) {
        return new Metrics(scrape);
    }

    /**
     * The value of the sample {@code name} whose labels include every {@code label="value"} pair given, 0 when
     * there is none.
     *
     * @param labels alternating label names and values
     */
    public double value(String name, String... labels) {
        return samples(name, labels).findFirst().orElse(0);
    }

    /** The sum of every sample {@code name} whose labels include every pair given (a series split by other labels). */
    public double sum(String name, String... labels) {
        return samples(name, labels).sum();
    }

    private DoubleStream samples(String name, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> hasLabels(line, labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
    }

    private static boolean hasLabels(String line, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                return false;
            }
        }
        return true;
    }
}
