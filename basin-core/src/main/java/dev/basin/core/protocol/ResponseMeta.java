package dev.basin.core.protocol;

/**
 * What a codec needs to know about the request it answers.
 *
 * @param requestId the request id, echoed in bodies where the protocol carries it
 * @param headRequest the request was a HEAD: the response has headers only
 */
public record ResponseMeta(String requestId, boolean headRequest) {}
