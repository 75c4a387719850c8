/**
 * Windowed summaries of readings: per tag, over tumbling windows aligned to the clock, the
 * statistics the MES receives instead of every reading. {@link
 * io.plantmesh.kafka.summary.SummaryAggregator} computes them, {@link
 * io.plantmesh.kafka.summary.SummaryJson} encodes them for the forwarder; the README's "Summaries"
 * section gives the rules.
 */
package io.plantmesh.kafka.summary;
