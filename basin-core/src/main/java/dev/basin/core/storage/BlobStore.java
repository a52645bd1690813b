package dev.basin.core.storage;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The bytes of objects (S3 objects, Lambda code, ...) as files, named by ids that the store
 * generates; which ids are live is recorded by the caller's {@link MetadataStore}.
 *
 * <p>Protocol: write and {@link BlobWriter#commit()} the blob, then commit metadata naming it; to
 * delete, commit the metadata change, then {@link #delete(String)}. A crash between the two steps
 * leaves an unreferenced blob (never a reference to a missing blob), which {@link #recover} removes
 * at the next start.
 */
public interface BlobStore {

  /** Counts of one {@link #recover} run. */
  record Recovery(int tempFilesDeleted, int orphansDeleted, int blobsKept) {}

  /** A writer of a new blob computing {@code digests} as it goes. */
  BlobWriter newWriter(Set<BlobDigest> digests);

  /** A writer of a new blob computing no digest. */
  default BlobWriter newWriter() {
    return newWriter(Set.of());
  }

  /** A channel reading blob {@code id}; throws {@link StorageException} if there is none. */
  FileChannel open(String id);

  /**
   * The file of blob {@code id}, for zero-copy sends. Valid until {@link #delete}; on POSIX systems
   * a file already opened stays readable after its deletion.
   */
  Path path(String id);

  boolean exists(String id);

  /** Deletes blob {@code id}; returns whether it existed. */
  boolean delete(String id);

  /**
   * Deletes every temporary file and every blob for which {@code isReferenced} is false. Run it at
   * startup, after opening the metadata and before any writer exists: a writer's temporary file
   * would be deleted under it.
   */
  Recovery recover(Predicate<String> isReferenced);
}
