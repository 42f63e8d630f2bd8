package io.llmaas.admin.service;

import java.util.function.Supplier;

import io.llmaas.contracts.error.ApiException;

/** How self-service pages answer for things that are not the user's: exactly as for things that do not exist. */
final class Ownership {

    private Ownership() {
    }

    /** Reads a thing as the acting user; keys-service's "not yours" (403) becomes "not found". */
    static <T> T found(String what, String id, Supplier<T> read) {
        try {
            return read.get();
        } catch (ApiException e) {
            if (e.status() == 403) {
                throw ApiException.notFound(what, id);
            }
            throw e;
        }
    }
}
