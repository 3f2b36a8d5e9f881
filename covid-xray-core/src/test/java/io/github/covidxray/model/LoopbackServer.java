package io.github.covidxray.model;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK's HTTP server on 127.0.0.1, serving one file at {@code /<name>} (or an HTTP status) and
 * counting requests, so download tests never leave the machine.
 */
public final class LoopbackServer implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private LoopbackServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves a file's bytes, or {@code status} with no body if it is not 200.
   *
   * @param name the path segment to serve it under
   * @param file the file to serve
   * @param status 200 to serve the file, anything else to answer with that status
   * @return the started server
   */
  public static LoopbackServer serving(String name, Path file, int status) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LoopbackServer loopback = new LoopbackServer(server);
      server.createContext("/" + name, exchange -> {
        loopback.requests.incrementAndGet();
        if (status != 200) {
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
          return;
        }
        exchange.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = exchange.getResponseBody()) {
          Files.copy(file, out);
        }
      });
      server.start();
      return loopback;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of a served name. */
  public URI url(String name) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
