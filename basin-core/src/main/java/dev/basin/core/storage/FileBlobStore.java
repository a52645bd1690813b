package dev.basin.core.storage;

import dev.basin.core.concurrent.Blocking;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A {@link BlobStore} in a directory: writers write {@code <dir>/tmp/<id>}, commit renames it to
 * {@code <dir>/blobs/<id[0..2]>/<id[2..4]>/<id>} (two fan-out levels keep directories small).
 *
 * <p>Ids are 32 lowercase hex digits from a {@link UUID#randomUUID() random UUID}, unique across
 * restarts. Writers coalesce small writes in a {@value #BUFFER_SIZE}-byte buffer and pass large
 * ones straight to the file channel, so a 64 MiB object costs a few hundred system calls and the
 * digests, never a copy of the object in memory.
 *
 * <p>Durability of a commit: {@code fsync} of the file, atomic rename, {@code fsync} of the target
 * directory (and of the parents of a newly made fan-out directory), so a committed blob survives a
 * power loss.
 */
public final class FileBlobStore implements BlobStore {

  static final int BUFFER_SIZE = 256 * 1024;
  private static final int ID_LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();

  private final Path tmpDir;
  private final Path blobsDir;

  /** Uses (creating if absent) {@code dir}. */
  public FileBlobStore(Path dir) {
    Path abs = dir.toAbsolutePath();
    this.tmpDir = abs.resolve("tmp");
    this.blobsDir = abs.resolve("blobs");
    try {
      Files.createDirectories(tmpDir);
      Files.createDirectories(blobsDir);
    } catch (IOException e) {
      throw new StorageException("cannot create blob directories in " + abs, e);
    }
  }

  Path tmpDir() {
    return tmpDir;
  }

  Path blobsDir() {
    return blobsDir;
  }

  @Override
  public BlobWriter newWriter(Set<BlobDigest> digests) {
    UUID u = UUID.randomUUID();
    String id =
        HEX.toHexDigits(u.getMostSignificantBits()) + HEX.toHexDigits(u.getLeastSignificantBits());
    Path tmp = tmpDir.resolve(id);
    try {
      FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new FileBlobWriter(id, tmp, ch, digests);
    } catch (IOException e) {
      throw new StorageException("cannot create " + tmp + ": " + e.getMessage(), e);
    }
  }

  @Override
  public FileChannel open(String id) {
    Path p = path(id);
    try {
      return FileChannel.open(p, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new StorageException("blob " + id + " does not exist", e);
    } catch (IOException e) {
      throw new StorageException("cannot open blob " + p + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Path path(String id) {
    if (!isId(id)) {
      throw new IllegalArgumentException("not a blob id: '" + id + "'");
    }
    return blobsDir.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
  }

  @Override
  public boolean exists(String id) {
    return Files.isRegularFile(path(id));
  }

  @Override
  public boolean delete(String id) {
    Path p = path(id);
    try {
      return Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new StorageException("cannot delete blob " + p + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Recovery recover(Predicate<String> isReferenced) {
    int temps = 0;
    int orphans = 0;
    int kept = 0;
    try {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir)) {
        for (Path f : files) {
          deleteTree(f);
          temps++;
        }
      }
      try (DirectoryStream<Path> level1 = Files.newDirectoryStream(blobsDir)) {
        for (Path d1 : level1) {
          if (!Files.isDirectory(d1)) {
            Files.delete(d1);
            orphans++;
            continue;
          }
          try (DirectoryStream<Path> level2 = Files.newDirectoryStream(d1)) {
            for (Path d2 : level2) {
              if (!Files.isDirectory(d2)) {
                Files.delete(d2);
                orphans++;
                continue;
              }
              try (DirectoryStream<Path> blobs = Files.newDirectoryStream(d2)) {
                for (Path b : blobs) {
                  String name = b.getFileName().toString();
                  boolean live =
                      isId(name)
                          && Files.isRegularFile(b)
                          && b.equals(path(name))
                          && isReferenced.test(name);
                  if (live) {
                    kept++;
                  } else {
                    deleteTree(b);
                    orphans++;
                  }
                }
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new StorageException("blob recovery in " + blobsDir.getParent() + " failed: " + e, e);
    }
    return new Recovery(temps, orphans, kept);
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
        for (Path c : children) {
          deleteTree(c);
        }
      }
    }
    Files.deleteIfExists(p);
  }

  static boolean isId(String s) {
    if (s == null || s.length() != ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < ID_LENGTH; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Makes {@code dir} (a fan-out directory) exist durably. */
  private void ensureDir(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    fsyncDir(dir.getParent()); // blobs/ab knows cd
    fsyncDir(dir.getParent().getParent()); // blobs knows ab
  }

  private static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      Blocking.run(() -> ch.force(true));
    }
  }

  private final class FileBlobWriter implements BlobWriter {
    private final String id;
    private final Path tmp;
    private final FileChannel channel;
    private final Map<BlobDigest, BlobDigest.Hasher> hashers;
    private final BlobDigest.Hasher[] hasherArray;
    private ByteBuffer buffer;
    private long length;
    private boolean open = true;

    FileBlobWriter(String id, Path tmp, FileChannel channel, Set<BlobDigest> digests) {
      this.id = id;
      this.tmp = tmp;
      this.channel = channel;
      this.hashers = new EnumMap<>(BlobDigest.class);
      for (BlobDigest d : digests) {
        hashers.put(d, d.newHasher());
      }
      this.hasherArray = hashers.values().toArray(new BlobDigest.Hasher[0]);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public int write(ByteBuffer src) {
      checkOpen();
      int n = src.remaining();
      for (BlobDigest.Hasher h : hasherArray) {
        h.update(src);
      }
      try {
        if (buffer != null && n <= buffer.remaining()) {
          buffer.put(src);
        } else {
          flush();
          if (n >= BUFFER_SIZE) {
            while (src.hasRemaining()) {
              channel.write(src);
            }
          } else {
            buffer().put(src);
          }
        }
      } catch (IOException e) {
        throw failure(e);
      }
      length += n;
      return n;
    }

    @Override
    public void write(byte[] bytes, int offset, int len) {
      write(ByteBuffer.wrap(bytes, offset, len));
    }

    @Override
    public long transferFrom(InputStream in) {
      checkOpen();
      ByteBuffer buf = buffer();
      byte[] array = buf.array();
      long total = 0;
      try {
        while (true) {
          if (!buf.hasRemaining()) {
            flush();
          }
          int pos = buf.position();
          int n = in.read(array, pos, buf.remaining());
          if (n < 0) {
            break;
          }
          for (BlobDigest.Hasher h : hasherArray) {
            h.update(array, pos, n);
          }
          buf.position(pos + n);
          total += n;
          length += n;
        }
      } catch (IOException e) {
        throw failure(e);
      }
      return total;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public BlobRef commit() {
      checkOpen();
      Path target = path(id);
      try {
        flush();
        Blocking.run(() -> channel.force(true));
        channel.close();
        ensureDir(target.getParent());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDir(target.getParent());
      } catch (IOException e) {
        throw failure(e);
      }
      open = false;
      buffer = null;
      Map<BlobDigest, String> digests = new EnumMap<>(BlobDigest.class);
      hashers.forEach((d, h) -> digests.put(d, HEX.formatHex(h.finish())));
      return new BlobRef(id, length, digests);
    }

    @Override
    public void abort() {
      if (!open) {
        return;
      }
      open = false;
      buffer = null;
      try {
        channel.close();
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        throw new StorageException("cannot delete " + tmp + " (recovery will): " + e, e);
      }
    }

    @Override
    public void close() {
      abort();
    }

    private ByteBuffer buffer() {
      if (buffer == null) {
        buffer = ByteBuffer.allocate(BUFFER_SIZE);
      }
      return buffer;
    }

    private void flush() throws IOException {
      if (buffer == null || buffer.position() == 0) {
        return;
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }

    private void checkOpen() {
      if (!open) {
        throw new IllegalStateException("blob writer " + id + " is committed or aborted");
      }
    }

    private StorageException failure(IOException e) {
      try {
        abort();
      } catch (StorageException suppressed) {
        e.addSuppressed(suppressed);
      }
      return new StorageException("writing blob " + id + " failed: " + e.getMessage(), e);
    }
  }
}
