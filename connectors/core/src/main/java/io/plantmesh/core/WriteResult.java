package io.plantmesh.core;

import java.util.Objects;

/**
 * The device's answer to a write.
 *
 * @param path the tag written
 * @param status the status the device returned (GOOD when the write was applied)
 * @param writtenValue the value as sent to the device, after conversion to the tag's type
 */
public record WriteResult(TagPath path, Quality status, Value writtenValue) {
  public WriteResult {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(writtenValue, "writtenValue");
  }

  public boolean succeeded() {
    return status.isGood();
  }
}
