package io.plantmesh.kafka.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** One client connection through a {@link TcpProxy}: two sockets, a pump thread each way. */
final class ProxyLink {
  private final TcpProxy proxy;
  private final Socket client;
  private final Socket target;
  private final long id;
  private volatile boolean closed;

  ProxyLink(TcpProxy proxy, Socket client, Socket target, long id) {
    this.proxy = proxy;
    this.client = client;
    this.target = target;
    this.id = id;
  }

  void start(String name) {
    pump(client, target, true, name + "-" + id + "-up");
    pump(target, client, false, name + "-" + id + "-down");
  }

  private void pump(Socket from, Socket to, boolean toTarget, String name) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (!closed) {
                  // Wait before reading too: while blackholed, bytes stay in the socket buffers.
                  proxy.awaitForwarding(this);
                  int n = in.read(buf);
                  if (n < 0) {
                    break;
                  }
                  proxy.awaitForwarding(this);
                  out.write(buf, 0, n);
                  out.flush();
                  proxy.forwarded(toTarget, n);
                }
              } catch (IOException | InterruptedException endOfLink) {
                // reset, closed or interrupted: the link is over either way
              }
              close(false);
            },
            name);
    t.setDaemon(true);
    t.start();
  }

  boolean isClosed() {
    return closed;
  }

  /** Closes both ends; {@code reset} sends RST instead of FIN. */
  void close(boolean reset) {
    closed = true;
    closeQuietly(client, reset);
    closeQuietly(target, reset);
    proxy.closed(this);
  }

  static void closeQuietly(Socket s, boolean reset) {
    try {
      if (reset && !s.isClosed()) {
        s.setSoLinger(true, 0);
      }
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
