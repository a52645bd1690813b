package dev.basin.core.auth;

import dev.basin.core.protocol.WireRequest;

/**
 * A verified SigV4 signature.
 *
 * @param key the access key that signed
 * @param region the region of the credential scope
 * @param service the service (signing name) of the credential scope
 * @param request the request, whose body is now the decoded payload (aws-chunked framing removed)
 *     and whose stream fails at its end if the payload does not match what was signed
 * @param presigned the signature came in the query string
 */
public record Authentication(
    AccessKey key, String region, String service, WireRequest request, boolean presigned) {}
