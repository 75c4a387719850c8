package io.plantmesh.cluster.uplink.internal;

import io.plantmesh.kafka.forward.UplinkException;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownProducerIdException;

/**
 * Sorts a relayed record's failure into the {@link Kind} the sender's forwarder acts on: the same
 * sorting as the forwarder's own (whose class is internal to the Kafka connector).
 */
final class DeliveryFailures {
  private DeliveryFailures() {}

  static Kind classify(Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof UplinkException u) {
      return u.kind();
    }
    if (t instanceof AuthenticationException) {
      return Kind.AUTHENTICATION;
    }
    if (t instanceof AuthorizationException) {
      return Kind.AUTHORIZATION;
    }
    if (t instanceof InvalidTopicException) {
      return Kind.TOPIC_MISSING;
    }
    if (t instanceof OutOfOrderSequenceException
        || t instanceof UnknownProducerIdException
        || t instanceof InvalidProducerEpochException
        || t instanceof ProducerFencedException
        || t instanceof IllegalStateException) {
      return Kind.PRODUCER_STATE;
    }
    if (t instanceof RecordTooLargeException
        || t instanceof RecordBatchTooLargeException
        || t instanceof InvalidRecordException) {
      return Kind.REJECTED;
    }
    return Kind.UNREACHABLE;
  }

  /** For people: the failure's type and message (Kafka never echoes a secret). */
  static String describe(Throwable e) {
    Throwable t = unwrap(e);
    String m = t.getMessage();
    if (t instanceof UplinkException) {
      return m == null ? "" : m;
    }
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
