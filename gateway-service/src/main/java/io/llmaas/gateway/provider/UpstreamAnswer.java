package io.llmaas.gateway.provider;

import io.llmaas.gateway.Exchange;
import io.vertx.core.Future;

/** An answer committed to the client: a complete body or a stream that has started. */
public interface UpstreamAnswer {

    /**
     * Writes the answer to the client. The future completes when the client's response has ended, or when the client
     * went away (the upstream call is then cancelled).
     */
    Future<Void> deliver(Exchange exchange);
}
