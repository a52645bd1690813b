package dev.basin.core.gateway;

import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;

/** Basin's own endpoints under {@code /_basin/}: health, the test clock, metrics. */
public interface InternalEndpoints {

  String PREFIX = "/_basin/";

  default boolean handles(WireRequest request) {
    return request.rawPath().startsWith(PREFIX);
  }

  WireResponse handle(WireRequest request);
}
