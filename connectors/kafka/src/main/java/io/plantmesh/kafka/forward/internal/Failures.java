package io.plantmesh.kafka.forward.internal;

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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Sorts a send's failure into what the forwarder does next. */
public final class Failures {
  private Failures() {}

  public static Kind classify(Throwable e) {
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
    // Timeouts, NOT_LEADER, disconnects, an unknown partition while metadata settles: retriable.
    return Kind.UNREACHABLE;
  }

  /** For people: the failure's type and message, never a secret (Kafka does not echo them). */
  public static String describe(Throwable e) {
    Throwable t = unwrap(e);
    String m = t.getMessage();
    String type =
        t instanceof UplinkException ? "" : t.getClass().getSimpleName() + (m == null ? "" : ": ");
    return type + (m == null ? "" : m);
  }

  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Whether {@code e} says a topic is missing (Admin describe or metadata). */
  public static boolean topicMissing(Throwable e) {
    return unwrap(e) instanceof UnknownTopicOrPartitionException;
  }
}
