package dev.basin.s3.store;

/**
 * A version and its bytes, read at one instant: the content is the version's even if the key is
 * overwritten or deleted while it is being sent. Close it (closes the content).
 */
public record ObjectRead(ObjectVersion version, ObjectContent content) implements AutoCloseable {

  @Override
  public void close() {
    content.close();
  }
}
