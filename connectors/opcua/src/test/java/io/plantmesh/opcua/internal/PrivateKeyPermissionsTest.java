package io.plantmesh.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.core.PrivateFiles;
import io.plantmesh.opcua.PkiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeyPermissionsTest {
  @TempDir Path dir;

  @Test
  void thePrivateDirectoryIsOwnerOnlyAndTheKeyIsCreatedOwnerOnly() throws Exception {
    Pki.open(PkiConfig.of(dir), "k1");
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("own/private"))));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("own/private/k1.pem"))));
  }

  @Test
  void anOldKeyFileIsReplacedByAnOwnerOnlyOne() throws Exception {
    Path f = dir.resolve("key.pem");
    Files.writeString(f, "old");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    PrivateFiles.write(f, "new".getBytes());
    assertEquals("new", Files.readString(f));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }
}
