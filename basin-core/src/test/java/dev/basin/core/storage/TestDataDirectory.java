package dev.basin.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDataDirectory {

  @TempDir Path tmp;

  @Test
  void createsRootAndServiceDirectoriesOnDemand() {
    Path root = tmp.resolve("a/b/data");
    try (DataDirectory data = DataDirectory.open(root)) {
      assertThat(data.root()).isEqualTo(root.toAbsolutePath());
      assertThat(root.resolve("s3")).doesNotExist();
      Path s3 = data.serviceDir("s3");
      assertThat(s3).isDirectory().isEqualTo(root.toAbsolutePath().resolve("s3"));
      assertThat(data.serviceDir("s3")).isEqualTo(s3);
      assertThat(root.resolve(DataDirectory.LOCK_FILE)).isRegularFile();
    }
  }

  @Test
  void rejectsServiceNamesThatEscapeTheRoot() {
    try (DataDirectory data = DataDirectory.open(tmp)) {
      for (String bad : new String[] {"", "..", ".hidden", "a/b", "a\\b", "x y"}) {
        assertThatThrownBy(() -> data.serviceDir(bad))
            .as(bad)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectoryFailsNamingIt() {
    try (DataDirectory first = DataDirectory.open(tmp)) {
      assertThat(first.root()).isEqualTo(tmp.toAbsolutePath());
      assertThatThrownBy(() -> DataDirectory.open(tmp))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(tmp.toAbsolutePath().toString())
          .hasMessageContaining("in use by another Basin process")
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    // Released by close.
    DataDirectory.open(tmp).close();
  }

  @Test
  void anotherProcessCannotOpenALockedDirectory() throws Exception {
    try (DataDirectory held = DataDirectory.open(tmp)) {
      assertThat(held.root()).isDirectory();
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  DataDirectoryProbe.class.getName(),
                  tmp.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(child.getInputStream().readAllBytes());
      assertThat(child.waitFor()).isEqualTo(3);
      assertThat(out).contains("in use by another Basin process").contains(tmp.toString());
    }
  }

  @Test
  void closedDirectoryRefusesServiceDirs() {
    DataDirectory data = DataDirectory.open(tmp);
    data.close();
    data.close();
    assertThatThrownBy(() -> data.serviceDir("s3")).isInstanceOf(IllegalStateException.class);
    assertThat(Files.exists(tmp.resolve("s3"))).isFalse();
  }
}
