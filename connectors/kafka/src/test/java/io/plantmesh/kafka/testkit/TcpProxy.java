package io.plantmesh.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between clients and one target (a broker), whose link a test can cut
 * while the target keeps running.
 *
 * <p>For Kafka, the broker must advertise the proxy's port ({@code
 * BrokerSettings.Builder#advertisedPort}): a client connects to whatever the metadata names, so a
 * proxy only on the bootstrap address would be bypassed after the first metadata fetch.
 *
 * <pre>{@code
 * int proxyPort = FreePorts.pick();
 * KafkaBroker broker = KafkaBroker.builder().advertisedPort(proxyPort).build().start();
 * TcpProxy proxy = TcpProxy.start(proxyPort, "127.0.0.1", broker.port());
 * proxy.cut(TcpProxy.Mode.RESET);   // sends fail
 * proxy.restore();                  // sends succeed again
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {
  /** How {@link #cut(Mode)} breaks the link. */
  public enum Mode {
    /**
     * Resets every open connection (RST to both ends) and refuses new ones: the target looks down.
     */
    RESET,
    /**
     * Forwards nothing either way, on open and new connections: requests go unanswered until the
     * client's timeouts fire, as in a network partition. Bytes are held, not dropped: after {@link
     * #restore()} the connections that are still open carry on.
     */
    BLACKHOLE
  }

  private final int port;
  private final String targetHost;
  private final int targetPort;
  private final Set<ProxyLink> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesToTarget = new AtomicLong();
  private final AtomicLong bytesFromTarget = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final Object gate = new Object();
  private ServerSocket server;
  private Thread acceptor;
  private Mode cut;
  private boolean blackholed;
  private boolean closed;

  private TcpProxy(int port, String targetHost, int targetPort) {
    this.port = port;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A proxy on {@code 127.0.0.1:listenPort} to {@code targetHost:targetPort}. */
  public static TcpProxy start(int listenPort, String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(listenPort, targetHost, targetPort);
    synchronized (proxy) {
      proxy.listen();
    }
    return proxy;
  }

  /** A proxy on a free port (see {@link FreePorts}) to {@code targetHost:targetPort}. */
  public static TcpProxy start(String targetHost, int targetPort) {
    return start(FreePorts.pick(), targetHost, targetPort);
  }

  /** The port clients connect to. */
  public int port() {
    return port;
  }

  /** {@link #cut(Mode)} with {@link Mode#RESET}. */
  public void cut() {
    cut(Mode.RESET);
  }

  /** Breaks the link (see {@link Mode}) until {@link #restore()}. */
  public synchronized void cut(Mode mode) {
    checkOpen();
    cut = mode;
    if (mode == Mode.RESET) {
      closeServer();
      setBlackholed(false);
      for (ProxyLink link : links) {
        link.close(true);
      }
    } else {
      listen();
      setBlackholed(true);
    }
  }

  /** Forwards again: listens (again) and releases held bytes. */
  public synchronized void restore() {
    checkOpen();
    listen();
    setBlackholed(false);
    cut = null;
  }

  /** The current cut, or null when the link is whole. */
  public synchronized Mode cutMode() {
    return cut;
  }

  /** Bytes forwarded from clients to the target. */
  public long bytesToTarget() {
    return bytesToTarget.get();
  }

  /** Bytes forwarded from the target to clients. */
  public long bytesFromTarget() {
    return bytesFromTarget.get();
  }

  /** Client connections accepted since the start. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** Client connections open now. */
  public int openConnections() {
    return links.size();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeServer();
    setBlackholed(false);
    for (ProxyLink link : links) {
      link.close(false);
    }
  }

  @Override
  public String toString() {
    return "TcpProxy[127.0.0.1:" + port + " -> " + targetHost + ":" + targetPort + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private void listen() {
    if (server != null) {
      return;
    }
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException("proxy cannot listen on 127.0.0.1:" + port, e);
    }
    ServerSocket s = server;
    acceptor = new Thread(() -> acceptLoop(s), "tcp-proxy-" + port + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void closeServer() {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
    server = null;
    // The kernel keeps listening until the thread blocked in accept() has left it: wait, so
    // that a connection attempt right after cut() is refused.
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException closedOrFailed) {
        return;
      }
      accepted.incrementAndGet();
      Socket target = new Socket();
      try {
        client.setTcpNoDelay(true);
        target.setTcpNoDelay(true);
        target.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
      } catch (IOException targetDown) {
        // The client sees the connection close at once, as if the target had refused it.
        ProxyLink.closeQuietly(target, true);
        ProxyLink.closeQuietly(client, true);
        continue;
      }
      ProxyLink link = new ProxyLink(this, client, target, accepted.get());
      links.add(link);
      if (s.isClosed()) {
        // cut(RESET) closed the server while this connection was being set up
        link.close(true);
      }
      link.start("tcp-proxy-" + port);
    }
  }

  private void setBlackholed(boolean on) {
    synchronized (gate) {
      blackholed = on;
      gate.notifyAll();
    }
  }

  /** Blocks a pump while the link is blackholed (and the connection still open). */
  void awaitForwarding(ProxyLink link) throws InterruptedException {
    synchronized (gate) {
      while (blackholed && !link.isClosed()) {
        gate.wait(100);
      }
    }
  }

  void forwarded(boolean toTarget, int n) {
    (toTarget ? bytesToTarget : bytesFromTarget).addAndGet(n);
  }

  void closed(ProxyLink link) {
    links.remove(link);
  }
}
