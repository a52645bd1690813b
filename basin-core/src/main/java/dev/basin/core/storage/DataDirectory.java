package dev.basin.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The root directory of all of Basin's durable state, one subdirectory per service.
 *
 * <p>Opening it takes an exclusive lock on {@code <root>/basin.lock} (an OS file lock, released by
 * the OS when the process dies, even by {@code kill -9}) and holds it until {@link #close()}, so
 * two Basin processes never share one data directory. The lock file holds the owner's process id,
 * for the error message of the one refused.
 */
public final class DataDirectory implements AutoCloseable {

  /** The data directory used when none is configured. */
  public static final Path DEFAULT_ROOT = Path.of(".basin-data");

  static final String LOCK_FILE = "basin.lock";

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates {@code root} if absent and locks it.
   *
   * @throws StorageException if another process (or another {@code DataDirectory} of this one)
   *     holds the lock, or on an I/O error
   */
  public static DataDirectory open(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    Path lockFile = abs.resolve(LOCK_FILE);
    FileChannel channel = null;
    try {
      Files.createDirectories(abs);
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String owner = readOwner(channel);
        channel.close();
        throw new StorageException(
            "data directory "
                + abs
                + " is in use by another Basin process"
                + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                + ": "
                + lockFile
                + " is locked. Stop that process or choose another data directory.");
      }
      byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      return new DataDirectory(abs, channel, lock);
    } catch (IOException e) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw new StorageException("cannot open data directory " + abs + ": " + e.getMessage(), e);
    }
  }

  /** {@link #open(Path)} of {@link #DEFAULT_ROOT}. */
  public static DataDirectory openDefault() {
    return open(DEFAULT_ROOT);
  }

  private static String readOwner(FileChannel channel) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    channel.read(buf, 0);
    buf.flip();
    return StandardCharsets.US_ASCII.decode(buf).toString().trim();
  }

  /** The absolute root directory. */
  public Path root() {
    return root;
  }

  /**
   * The directory of {@code service} ({@code <root>/<service>/}), created if absent.
   *
   * @param service a plain directory name: letters, digits, {@code -}, {@code _} and {@code .}, not
   *     starting with a dot
   */
  public Path serviceDir(String service) {
    checkName(service);
    if (!lock.isValid()) {
      throw new IllegalStateException("data directory " + root + " is closed");
    }
    Path dir = root.resolve(service);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void checkName(String service) {
    boolean ok = !service.isEmpty() && service.length() <= 64 && service.charAt(0) != '.';
    for (int i = 0; ok && i < service.length(); i++) {
      char c = service.charAt(i);
      ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.';
    }
    if (!ok) {
      throw new IllegalArgumentException("invalid service directory name: '" + service + "'");
    }
  }

  /** Releases the lock. Idempotent. */
  @Override
  public void close() {
    try {
      lockChannel.close(); // releases the lock
    } catch (IOException e) {
      throw new StorageException("cannot release " + root.resolve(LOCK_FILE), e);
    }
  }
}
