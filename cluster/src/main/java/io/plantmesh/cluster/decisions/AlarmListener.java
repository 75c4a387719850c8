package io.plantmesh.cluster.decisions;

import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.AlarmTransition;

/**
 * Told of each alarm step made through a member's {@link AlarmStore}, after it is stored: the node
 * sends it upstream at ALARM priority. Keep it quick; an exception is logged.
 */
@FunctionalInterface
public interface AlarmListener {
  /**
   * @param alarm the alarm after the step
   * @param step the step: RAISE, ACKNOWLEDGE or CLEAR, with who, when and why
   */
  void onStep(Alarm alarm, AlarmTransition step);
}
