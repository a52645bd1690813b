package dev.basin.core.gateway;

/**
 * Told about every finished request, on the request's thread: implementations must be quick and
 * hand slow work (files, CloudTrail delivery) to a background thread.
 */
@FunctionalInterface
public interface RequestListener {

  void onRequest(RequestRecord record);
}
