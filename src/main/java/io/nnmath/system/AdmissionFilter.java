package io.nnmath.system;

import java.io.IOException;
import java.net.SocketTimeoutException;

import io.nnmath.problem.OutOfMemoryAnswer;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of admission, around every request: its body is bounded in size (413), in time
 * and in rate (408), and it runs with a {@link Admission.Reservation} of its own, to which the
 * readers of its tensors and strings charge what they keep as they read it (503 when the budget
 * has no room): a slow client holds what its bytes have become, and nothing else.
 * The reservation is given back once the answer has been written. A body left unread by an early
 * answer is read to its end and dropped, within the same bounds, so that the client gets that
 * answer; one that breaks them is not read further and Tomcat closes the connection
 * ({@code server.tomcat.max-swallow-size: 0}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdmissionFilter extends OncePerRequestFilter {

    private final Admission admission;
    private final OverloadProperties overload;
    private final OutOfMemoryAnswer outOfMemory;
    private final long maxBytes;

    AdmissionFilter(Admission admission, OverloadProperties overload, Limits limits, OutOfMemoryAnswer outOfMemory) {
        this.admission = admission;
        this.overload = overload;
        this.outOfMemory = outOfMemory;
        this.maxBytes = limits.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AdmittedRequest admitted = new AdmittedRequest(request);
        try (Admission.Reservation reservation = admission.open()) {
            ScopedValue.where(Admission.CURRENT, reservation).call(() -> {
                chain.doFilter(admitted, response);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            if (!outOfMemory.answered(e, response)) {
                throw e;
            }
        } catch (Exception e) {
            throw new ServletException(e);
        } catch (OutOfMemoryError e) {
            if (!outOfMemory.answered(e, response)) {
                throw e;
            }
        }
        admitted.drain(response);
    }

    private ProblemException tooLarge() {
        return ProblemException.tooLarge("the request body is over " + maxBytes
                + " bytes (nnmath.limits.max-body-size); send fewer rows per request");
    }

    /** The request with its body bounded. */
    private final class AdmittedRequest extends HttpServletRequestWrapper {
        private BoundedBody body;

        AdmittedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (getContentLengthLong() > maxBytes) {
                throw tooLarge();
            }
            String encoding = getHeader("Content-Encoding");
            if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
                throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the body has Content-Encoding "
                        + ProblemException.prefix(encoding) + ", which this service does not decode; send it "
                        + "uncompressed", java.util.List.of());
            }
            if (body == null) {
                body = new BoundedBody(super.getInputStream());
            }
            return body;
        }

        /** Reads what an early answer left of the body, after that answer has gone out. */
        void drain(HttpServletResponse response) throws IOException {
            boolean hasBody = getContentLengthLong() > 0 || getHeader("Transfer-Encoding") != null;
            if (!hasBody || getContentLengthLong() > maxBytes) {
                return;
            }
            if (body == null) {
                body = new BoundedBody(super.getInputStream());
            }
            if (body.isFinished()) {
                return;
            }
            byte[] scratch = new byte[8192];
            try {
                response.flushBuffer();
                while (body.read(scratch, 0, scratch.length) >= 0) {
                    // dropped
                }
            } catch (ProblemException | IOException e) {
                // Too slow, too long or gone: Tomcat closes the connection instead of reading on.
            }
        }
    }

    /** The body's bytes, counted against the size limit and the time and rate bounds as they arrive. */
    private final class BoundedBody extends ServletInputStream {
        private final ServletInputStream in;
        private final long start = System.nanoTime();
        private long count;

        BoundedBody(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                arrived(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(buffer, off, len);
            } catch (IOException e) {
                if (timedOut(e)) {
                    throw ProblemException.timedOut("no byte of the body arrived for "
                            + overload.bodyIdleTimeout().toMillis() + " ms (nnmath.overload.body-idle-timeout); send "
                            + "the body without pauses");
                }
                throw e;
            }
            if (n > 0) {
                arrived(n);
            }
            return n;
        }

        private void arrived(int n) {
            count += n;
            if (count > maxBytes) {
                throw tooLarge();
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed > overload.bodyTimeout().toNanos()) {
                throw ProblemException.timedOut("the body took longer than " + overload.bodyTimeout().toSeconds()
                        + " s to arrive (nnmath.overload.body-timeout); send it faster, or in smaller requests");
            }
            if (elapsed > overload.bodyGrace().toNanos()
                    && count * 1e9 / elapsed < overload.minBodyRate().toBytes()) {
                throw ProblemException.timedOut("the body arrives at " + Math.round(count * 1e9 / elapsed)
                        + " bytes per second, below the minimum of " + overload.minBodyRate().toBytes()
                        + " (nnmath.overload.min-body-rate); send it faster");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
