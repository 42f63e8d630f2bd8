package io.llmaas.gateway.limits;

import java.util.ArrayList;
import java.util.List;

/** What one request took from local slices, in order; lives on the request's exchange. */
public final class Claims {

    private final List<Claim> taken = new ArrayList<>(4);

    void add(Claim claim) {
        taken.add(claim);
    }

    /** Returns everything taken (the request is refused or never ran). */
    void giveBackAll() {
        for (int i = taken.size() - 1; i >= 0; i--) {
            taken.get(i).giveBack();
        }
        taken.clear();
    }

    /** The request ended with {@code actualTokens} (-1 unknown). */
    void settleAll(long actualTokens) {
        for (Claim claim : taken) {
            claim.settle(actualTokens);
        }
        taken.clear();
    }
}
