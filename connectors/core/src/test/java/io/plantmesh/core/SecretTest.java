package io.plantmesh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {

  @Test
  void resolvesFromEnvironmentAndFile(@TempDir Path dir) throws Exception {
    Secret env = Secret.resolve("k", "env:PW", Map.of("PW", "s3cret"));
    assertEquals("s3cret", env.reveal());
    Path f = dir.resolve("pw");
    Files.writeString(f, "fromfile\n");
    assertEquals("fromfile", Secret.resolve("k", "file:" + f, Map.of()).reveal());
  }

  @Test
  void neverShowsTheValue() {
    Secret s = Secret.resolve("k", "env:PW", Map.of("PW", "s3cret"));
    assertFalse(s.toString().contains("s3cret"));
    assertEquals("Secret[env:PW]", s.toString());
  }

  @Test
  void refusesInlineAndMissingSecretsNamingTheKeyButNotTheValue(@TempDir Path dir) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Secret.resolve("plantmesh.api.writes.token", "hunter2", Map.of()));
    assertTrue(
        e.getMessage()
            .startsWith("plantmesh.api.writes.token: secrets must not be written inline"));
    assertFalse(e.getMessage().contains("hunter2"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Secret.resolve("k", "env:NOPE", Map.of()));
    assertEquals("k: environment variable 'NOPE' is not set or empty", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Secret.resolve("k", "file:" + dir.resolve("missing"), Map.of()));
    assertTrue(e.getMessage().contains("cannot read secret file"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Secret.resolve("k", " ", Map.of()));
  }

  @Test
  void matchesComparesWholeValue() {
    Secret s = Secret.ofValue("token-1");
    assertTrue(s.matches("token-1".toCharArray()));
    assertFalse(s.matches("token-2".toCharArray()));
    assertFalse(s.matches("token-1x".toCharArray()));
    assertFalse(s.matches(null));
  }
}
