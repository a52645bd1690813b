package dev.basin.core.storage;

import java.nio.file.Path;

/** Child process of {@link TestDataDirectory}: tries to open a data directory. */
final class DataDirectoryProbe {

  private DataDirectoryProbe() {}

  public static void main(String[] args) {
    try (DataDirectory d = DataDirectory.open(Path.of(args[0]))) {
      System.out.println("opened " + d.root());
      System.exit(0);
    } catch (StorageException e) {
      System.out.println(e.getMessage());
      System.exit(3);
    }
  }
}
