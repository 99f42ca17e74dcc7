package io.nnmath;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 connection on loopback, written byte by byte as a hostile or careless client would:
 * a body that stops, drips or never comes. Every read is bounded in time.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttp(int port, Duration readTimeout) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** The request line and headers of a POST of JSON; {@code contentLength} -1 for a chunked body. */
    public RawHttp startPost(String path, long contentLength) throws IOException {
        String length = contentLength < 0 ? "Transfer-Encoding: chunked" : "Content-Length: " + contentLength;
        return send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + length + "\r\n\r\n");
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One chunk of a chunked body. */
    public RawHttp chunk(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return send(Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n");
    }

    /** The status code of the answer, read from its status line. */
    public int status() throws IOException {
        byte[] line = in.readNBytes(12);
        String text = new String(line, StandardCharsets.US_ASCII);
        if (!text.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP answer: '" + text + "'");
        }
        return Integer.parseInt(text.substring(9, 12));
    }

    /** Everything until the server closes the connection; fails if it stays open past the read timeout. */
    public String untilClosed() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the server kept the connection open; it sent: " + all, e);
        } catch (IOException reset) {
            // A reset after the answer is a close too.
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    public void read(int bytes) throws IOException {
        in.readNBytes(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
