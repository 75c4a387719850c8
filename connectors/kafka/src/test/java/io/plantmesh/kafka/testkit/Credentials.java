package io.plantmesh.kafka.testkit;

import java.util.regex.Pattern;

/**
 * The characters a test user and password may hold: both end up quoted in JAAS text and in the
 * {@code name=...,password=...} list of Kafka's SCRAM formatter, which neither escapes.
 */
final class Credentials {
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern PASSWORD = Pattern.compile("[!#-+\\--\\[\\]-~]+");

  private Credentials() {}

  static void check(String user, String password) {
    if (user == null || !USER.matcher(user).matches()) {
      throw new IllegalArgumentException(
          "SASL user '" + user + "': use letters, digits, '.', '_' or '-' only");
    }
    if (password == null || !PASSWORD.matcher(password).matches()) {
      throw new IllegalArgumentException(
          "password of SASL user '"
              + user
              + "': must be non-empty printable ASCII without space, '\"', ',' or '\\'");
    }
  }
}
