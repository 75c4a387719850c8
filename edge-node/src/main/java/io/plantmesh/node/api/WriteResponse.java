package io.plantmesh.node.api;

/**
 * The device's answer to a write.
 *
 * @param path the tag written
 * @param status the OPC UA status the device returned
 * @param writtenValue the value as sent, after conversion to the tag's type
 * @param writtenType that value's type
 * @param commandId with the mesh on: the write's command id; a retry with the same id (in the
 *     request's {@code commandId}) returns this answer instead of writing again. Null without mesh
 */
public record WriteResponse(
    String path,
    TagView.QualityView status,
    Object writtenValue,
    String writtenType,
    String commandId) {}
