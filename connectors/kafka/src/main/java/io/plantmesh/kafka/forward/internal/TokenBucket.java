package io.plantmesh.kafka.forward.internal;

/** Paces the backlog: {@code rate} tokens a second, at most one second's worth saved up. */
public final class TokenBucket {
  private final long rate;
  private double tokens;
  private long lastNanos;

  /** {@code rate} 0 means unlimited. */
  public TokenBucket(long rate, long nowNanos) {
    this.rate = rate;
    this.lastNanos = nowNanos;
  }

  /** How many may go now (at most {@code want}); they are taken. */
  public int take(int want, long nowNanos) {
    if (rate == 0) {
      return want;
    }
    tokens = Math.min(rate, tokens + (nowNanos - lastNanos) * 1e-9 * rate);
    lastNanos = nowNanos;
    int n = (int) Math.min(want, Math.floor(tokens));
    tokens -= n;
    return n;
  }

  /** Takes {@code n} tokens if that many are saved up, else none. */
  public boolean tryTake(int n, long nowNanos) {
    if (rate == 0) {
      return true;
    }
    tokens = Math.min(rate, tokens + (nowNanos - lastNanos) * 1e-9 * rate);
    lastNanos = nowNanos;
    if (tokens < n) {
      return false;
    }
    tokens -= n;
    return true;
  }

  /** Gives back tokens taken but not used (the backlog had fewer records). */
  public void giveBack(int n) {
    if (rate != 0) {
      tokens = Math.min(rate, tokens + n);
    }
  }
}
