/** The windowing engine behind {@code SummaryAggregator}: accumulators, times in microseconds. */
package io.plantmesh.kafka.summary.internal;
