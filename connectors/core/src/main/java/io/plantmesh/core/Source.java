package io.plantmesh.core;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A connection to one device or server that produces {@link Reading}s (a PLC's OPC UA server, say)
 * and accepts writes.
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #start(ReadingSink)} is called once. It returns promptly: connecting happens in the
 * background, and a device that is down at start is retried, never fatal (its state is then {@link
 * SourceState#CONNECTING} or {@link SourceState#DOWN} with {@link SourceStatus#lastError()}). Only
 * a configuration the source cannot use at all makes {@code start} throw, with a message naming the
 * problem. {@link #stop()} is idempotent and blocks until the source has released its connection
 * and will make no further call to the sink.
 *
 * <h2>Threading contract</h2>
 *
 * <ul>
 *   <li>{@link #stop()}, {@link #status()}, {@link #tags()} and {@link #write} may be called from
 *       any thread, concurrently with deliveries and with each other.
 *   <li>The source calls {@link ReadingSink#accept(List)} from its own threads, never two calls at
 *       once for one source, so readings of a tag arrive at the sink in the order the source
 *       received them. The sink must not block for long: it hands batches on.
 *   <li>The source never calls the sink after {@code stop()} returns.
 * </ul>
 *
 * <h2>Errors</h2>
 *
 * A dead connection is a state ({@link SourceState#DOWN}) and a reconnect, not an exception to the
 * caller. One bad tag (unknown address, access denied) is a reading with BAD quality and the
 * server's status on that tag alone; the other tags keep flowing.
 */
public interface Source {

  /** The source's configured id, unique within a node. */
  String id();

  /**
   * Checks everything that can be checked without connecting (files, keys, certificates, trust
   * stores), so that a node with several sources can refuse a bad one before starting any. Called
   * before {@link #start}; idempotent, and {@code start} does the same checks if it was not called.
   * The default checks nothing.
   *
   * @throws IllegalArgumentException naming the configuration key and the reason
   */
  default void prepare() {}

  /** Starts collecting into {@code sink}; see the lifecycle above. */
  void start(ReadingSink sink);

  /** Stops collecting and releases the connection; idempotent. */
  void stop();

  /** A snapshot of the source's state and counters. */
  SourceStatus status();

  /** The tags this source collects, with their metadata, as far as known now. */
  List<TagMetadata> tags();

  /**
   * Writes {@code value} to the tag at {@code path}, converting it to the tag's data type.
   *
   * <p>The stage completes with the device's answer (success or its status code) in a {@link
   * WriteResult}. It completes exceptionally with {@link WriteRefusedException} when the write was
   * not attempted: unknown tag, a value that cannot be converted to the tag's type, a tag that is
   * not writable, or a source that is not connected.
   */
  CompletionStage<WriteResult> write(TagPath path, Value value);
}
