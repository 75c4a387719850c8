package io.plantmesh.node.pipeline;

import io.plantmesh.core.Reading;

/**
 * A tag's latest reading in the {@link TagStore} and the source that delivered it.
 *
 * @param sourceId the id of the source that delivered {@code reading}
 * @param reading the newest reading seen for the tag
 */
public record StoredTag(String sourceId, Reading reading) {}
