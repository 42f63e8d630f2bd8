package io.llmaas.bench;

import java.util.Arrays;

/** Entry point of the load tool: {@code java -jar loadgen.jar COMMAND --option value ...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "latency" -> Latency.run(options);
            case "rate" -> RateLadder.run(options);
            case "streams" -> Streams.run(options);
            case "sse-mock" -> PacedSseMock.run(options);
            case "ingest" -> Ingest.run(options);
            case "floor-proxy" -> FloorProxy.run(options);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("""
                usage: loadgen COMMAND [--option value]...
                  latency   one request in flight, alternating between --target name=url targets
                  rate      open-loop fixed arrival rates (--rates 500,1000,...) per --target
                  streams   --concurrency N paced streams per --target, counting stalls
                  sse-mock  a paced OpenAI-compatible SSE model server (--port, --chunks, --pacing-ms)
                  ingest    usage batches into usage-service with CPU time of the service and PostgreSQL
                  floor-proxy  a bare Vert.x proxy (--port, --upstream URL): the runtime's floor for section 3
                """);
        System.exit(2);
    }
}
