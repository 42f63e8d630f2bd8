package io.llmaas.gateway.testing;

import static io.restassured.RestAssured.given;

/** Reads the gateway's Prometheus scrape. */
public final class Metrics {

    private final String scrape;

    private Metrics(String scrape) {
        this.scrape = scrape;
    }

    public static Metrics scrape() {
        return new Metrics(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /**
     * The value of the sample {@code name} whose labels include every {@code label="value"} pair given, 0 when
     * there is none.
     *
     * @param labels alternating label names and values
     */
    public double value(String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                if (!line.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
