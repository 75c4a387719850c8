package io.plantmesh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
  @TempDir Path dir;

  @Test
  void theDirectoryAndTheKeyAreOwnerOnlyFromTheStart() throws Exception {
    Path priv = PrivateFiles.directory(dir.resolve("own/private"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
    Path key = priv.resolve("k.pem");
    PrivateFiles.write(key, "key".getBytes());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals("key", Files.readString(key));
  }
}
