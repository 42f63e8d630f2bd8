package io.llmaas.gateway.api;

/**
 * The OpenAI operations the gateway serves. {@link #capability()} is the word a model's {@code capabilities} list uses
 * for it; {@link #path()} is the path below {@code /v1} that OpenAI-compatible servers answer it on.
 */
public enum ApiEndpoint {
    CHAT("chat", "/chat/completions"),
    COMPLETIONS("completions", "/completions"),
    EMBEDDINGS("embeddings", "/embeddings"),
    MODELS("models", "/models");

    private final String capability;
    private final String path;

    ApiEndpoint(String capability, String path) {
        this.capability = capability;
        this.path = path;
    }

    public String capability() {
        return capability;
    }

    public String path() {
        return path;
    }

    /** Whether the operation generates text, and so may stream. */
    public boolean generates() {
        return this == CHAT || this == COMPLETIONS;
    }
}
