package io.llmaas.gateway.limits;

/** Something a request took from a local slice, given back or settled when the request ends. */
interface Claim {

    /** The request was refused by a later scope or did not happen: return what was taken. */
    void giveBack();

    /** The request ended; {@code actualTokens} is what it used (for TPM), -1 when unknown. */
    void settle(long actualTokens);
}
