package io.llmaas.keys.rest.dto;

/** The answer to creating or rotating a key: the only time the secret is ever shown. */
public record CreatedKey(String key, KeyView info) {
}
