package io.llmaas.gateway.provider;

import io.llmaas.gateway.Exchange;
import io.vertx.core.Future;

/**
 * One backend API the gateway can call: it turns the client's OpenAI request into that API's request and the answer
 * back into OpenAI's shape. Each backend is named in routing files by {@link #name()}.
 */
public interface Backend {

    /** {@code openai}, {@code ollama} or {@code mock}. */
    String name();

    /**
     * One attempt at the exchange's request on one deployment. The future completes once the answer can be committed
     * to the client: a plain answer fully read and translated, a stream's first chunk ready. Until then nothing has
     * been written to the client, so on an {@link UpstreamException} the router may still try another deployment.
     * Any other failure (a 400 {@code ApiException} for a request this backend cannot express) is final.
     */
    Future<UpstreamAnswer> call(Exchange exchange, UpstreamTarget target);

    /** Whether the model server behind this backend is probed by health checks. */
    default boolean probed() {
        return true;
    }

    /** Probes the model server of {@code target}: succeeds when it answers, fails when it cannot be reached. */
    Future<Void> probe(UpstreamTarget target, long timeoutMs);
}
