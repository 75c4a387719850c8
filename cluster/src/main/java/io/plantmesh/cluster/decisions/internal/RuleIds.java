package io.plantmesh.cluster.decisions.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A rule's id in the mesh's ownership records: its name when that fits the mesh's 64-character
 * names, else the first 47 characters, {@code ~} and 16 hex digits of its SHA-256 ({@code ~} never
 * appears in a rule name, so a shortened id never equals another rule's name).
 */
public final class RuleIds {
  static final int MAX = 64;

  private RuleIds() {}

  public static String ownershipId(String rule) {
    if (rule.length() <= MAX) {
      return rule;
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(rule.getBytes(StandardCharsets.UTF_8));
      return rule.substring(0, 47) + "~" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
