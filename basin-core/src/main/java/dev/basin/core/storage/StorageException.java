package dev.basin.core.storage;

/**
 * A failure of durable state: an I/O error of the data directory or blob files, or an SQL error of
 * a metadata store. Unchecked because callers (service handlers) cannot recover from it and map it
 * to an internal error; the cause carries the original {@link java.io.IOException} or {@link
 * java.sql.SQLException}.
 */
public final class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
