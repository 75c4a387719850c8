package io.plantmesh.kafka.summary;

/**
 * A snapshot of a {@link SummaryAggregator}'s counters since it started. Every reading handed to
 * {@link SummaryAggregator#accept} is in exactly one of the first six.
 *
 * @param accepted readings counted in a window
 * @param beforeStart readings older than the aggregator's start: not counted (the previous owner
 *     covered that time), but the latest one seeds the value carried into the first window
 * @param late readings whose window was already closed (older than the allowed lateness): dropped
 * @param future readings more than the maximum clock skew ahead of the node's clock: dropped
 * @param unsupported readings of a type that is not summarised (byte string, date-time, array,
 *     structure): dropped
 * @param discardedAtStop readings in windows that begin at or after the stop time (a source clock
 *     ahead of the node's): dropped when the aggregator stopped or its clock jumped
 * @param clockJumps forward steps of the clock by more than an hour: each flushed the open windows
 *     up to the old clock and restarted coverage (the next windows are partial)
 * @param summaries summaries emitted
 * @param partialSummaries of those, partial ones
 * @param tags tags seen
 * @param openWindows windows open now
 */
public record SummaryMetrics(
    long accepted,
    long beforeStart,
    long late,
    long future,
    long unsupported,
    long discardedAtStop,
    long clockJumps,
    long summaries,
    long partialSummaries,
    int tags,
    long openWindows) {

  /** Every reading handed in, whatever became of it. */
  public long received() {
    return accepted + beforeStart + late + future + unsupported + discardedAtStop;
  }
}
