package io.nnmath.oip;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.util.internal.PlatformDependent;
import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.problem.Problem;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;
import io.nnmath.system.Admission;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.stereotype.Component;

/**
 * A gRPC call holds the memory budget for its message as the bytes arrive, as an HTTP request does
 * for its body. grpc-java gathers each message whole in the transport's (direct) buffers before the
 * service sees it, so without this, concurrent large calls held memory the budget never knew of:
 * 24 calls of 30 MB took 256 MB of direct memory and ended in Netty's OutOfDirectMemoryError, every
 * call's connection reset. Now a message that does not fit is shed as it arrives, while it holds
 * little: UNAVAILABLE when the calls in progress hold the budget, RESOURCE_EXHAUSTED when it alone
 * is over all of it, each with the REST detail; and UNAVAILABLE when the messages still arriving
 * hold their share of the direct memory they arrive in, which comes on top of the heap (the image
 * in a 768 MiB container was killed by the kernel for it). (grpc-java reports the bytes to a stream
 * tracer as it moves them into the message; what the tracer throws ends the call as a message over
 * the size limit does.)
 *
 * <p>The call's one reservation, from its first byte until its stream has closed (its answer
 * handed to the transport) and the service is done with it, whichever comes last ({@link Call}).
 */
@Component
class OipGrpcInbound extends ServerStreamTracer.Factory implements ServerBuilderCustomizer<NettyServerBuilder> {

    /** The call whose stream this is, in the context the service runs in; absent without this tracer. */
    static final Context.Key<Call> CALL = Context.key("nnmath.call");

    private final Admission admission;
    private final MeterRegistry registry;

    /**
     * Bytes of the messages still arriving, which are in Netty's direct memory, and their bound: a
     * quarter of it, since the buffers they arrive in held at least twice their size in floods here
     * (the heap budget does not see direct memory, which comes on top of the heap).
     */
    private final AtomicLong inTransit = new AtomicLong();
    private final long maxInTransit;

    /**
     * The direct memory Netty has in use (-1 where it does not count it), and the level past which a
     * large message still arriving is shed: three quarters of the maximum. The messages' bytes are
     * slices of the buffers Netty read them into, which the frames of other streams share, so in a
     * flood of large calls over one connection the buffers held several times the bytes
     * {@link #inTransit} counts, and Netty's own limit ended the connection with a GOAWAY, every call
     * on it INTERNAL or reset. The last quarter is room for what Netty reads before this tracer hears
     * of it. One message, the first to meet the level, goes on arriving past it ({@link #leader}), so
     * that a flood is shed around a call that gets through rather than whole.
     */
    private final LongSupplier directInUse;
    private final long maxDirectInUse;
    private final AtomicReference<Call> leader = new AtomicReference<>();
    private final long maxAnswersInUse;   // half the maximum (requireRoomForAnswer)

    /**
     * Messages up to this size are never shed for the direct memory in use nor for the messages'
     * share of it: they hold next to none of it.
     */
    static final long SMALL_MESSAGE = 64 << 10;

    @Autowired
    OipGrpcInbound(Admission admission, MeterRegistry registry) {
        this(admission, registry, PlatformDependent.maxDirectMemory(), PlatformDependent::usedDirectMemory);
    }

    OipGrpcInbound(Admission admission, MeterRegistry registry, long maxDirectMemory, LongSupplier directInUse) {
        this.admission = admission;
        this.registry = registry;
        this.maxInTransit = maxDirectMemory / 4;
        this.maxDirectInUse = maxDirectMemory / 4 * 3;
        this.maxAnswersInUse = maxDirectMemory / 2;
        this.directInUse = directInUse;
    }

    /**
     * The streams' windows stay at grpc-java's 1 MiB: what a stream has sent and the service not yet
     * charged stays within it. (grpc-java otherwise widens them to the bandwidth-delay product, up
     * to 8 MiB a stream, for bytes that arrive faster than they are charged.) The connections'
     * buffers come from Netty's own default allocator (the adaptive one), not grpc-java's pooled
     * one, which kept a flood's direct memory: the next flood met Netty's OutOfDirectMemoryError,
     * whose connections were reset instead of shed. Calls run on the event loops themselves
     * (directExecutor): the service answers small requests there and moves the others to threads
     * of their own ({@link OipGrpcService#infer}).
     */
    @Override
    public void customize(NettyServerBuilder builder) {
        builder.directExecutor().addStreamTracerFactory(this)
                .flowControlWindow(NettyServerBuilder.DEFAULT_FLOW_CONTROL_WINDOW)
                .withChildOption(ChannelOption.ALLOCATOR, ByteBufAllocator.DEFAULT);
    }

    /**
     * Before an answer of {@code bytes} is handed to the transport: UNAVAILABLE if it is over
     * {@link #SMALL_MESSAGE} and would take Netty's direct memory in use past half of the maximum.
     * An answer waits there until its client reads it, and a client that never does would otherwise
     * hold it for as long as its connection lasts: ten such calls of a million logits filled the
     * direct memory, and Netty then ended other clients' connections. The other half is left to the
     * messages arriving (shed past three quarters, {@link Call#arrived}) and to what Netty reads.
     */
    void requireRoomForAnswer(long bytes) {
        if (bytes > SMALL_MESSAGE && directInUse.getAsLong() + bytes > maxAnswersInUse) {
            Problem.count(registry, ProblemType.OVERLOADED);
            throw Status.UNAVAILABLE.withDescription("the answer (" + Admission.megabytes(bytes) + " MB) would take "
                    + "the transport's direct memory past half of -XX:MaxDirectMemorySize ("
                    + Admission.megabytes(maxAnswersInUse) + " MB), held by answers not read yet and messages "
                    + "arriving; retry later").asRuntimeException();
        }
    }

    /** Bytes of the messages still arriving. */
    long inTransit() {
        return inTransit.get();
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        Call call = new Call(admission.open());
        return new ServerStreamTracer() {
            @Override
            public Context filterContext(Context context) {
                return context.withValue(CALL, call);
            }

            @Override
            public void inboundWireSize(long bytes) {
                call.arrived(bytes);
            }

            @Override
            public void streamClosed(Status status) {
                if (call.streamClosed() && (status.getCode() == Status.Code.CANCELLED
                        || status.getCode() == Status.Code.DEADLINE_EXCEEDED)) {
                    // the caller left before the service had its request: work abandoned before it began
                    OipGrpcService.abandoned(registry);
                }
            }
        };
    }

    /**
     * One call's reservation, shared by its stream (the transport's threads, which charge the
     * message as it arrives) and the service (which charges what it decodes and computes, on the
     * call's own thread). The service claims it once the message is whole, and it is closed when
     * both are done: a stream that closes while the service still computes (the client cancelled)
     * leaves the closing to the service.
     */
    final class Call {
        private final Admission.Reservation reservation;
        private boolean streamOpen = true;
        private boolean claimed;
        private boolean served;  // the service has claimed it (claimed: and is not done yet)
        private long arriving;   // bytes of the message in the transport's buffers
        private long received;   // bytes of the message charged, in all

        private Call(Admission.Reservation reservation) {
            this.reservation = reservation;
        }

        /** Charges {@code bytes} of the message; what the budget refuses ends the call with its status. */
        synchronized void arrived(long bytes) {
            if (claimed || !streamOpen) {
                return;   // a unary call's message is whole before it is claimed
            }
            if (arriving + bytes > maxInTransit) {
                Problem.count(registry, ProblemType.LIMIT_EXCEEDED);
                throw Status.RESOURCE_EXHAUSTED.withDescription("this message alone is over the messages' share of "
                        + "the transport's direct memory (" + Admission.megabytes(maxInTransit) + " MB, a quarter of "
                        + "-XX:MaxDirectMemorySize); send a smaller message").asRuntimeException();
            }
            if (arriving + bytes > SMALL_MESSAGE && directInUse.getAsLong() > maxDirectInUse
                    && !(leader.get() == this || leader.compareAndSet(null, this))) {
                Problem.count(registry, ProblemType.OVERLOADED);
                throw Status.UNAVAILABLE.withDescription("the transport's direct memory is three quarters in use ("
                        + Admission.megabytes(maxDirectInUse) + " MB of -XX:MaxDirectMemorySize) by messages arriving "
                        + "and answers not read yet; retry later").asRuntimeException();
            }
            // counted, but never refused for the share: stalled large uploads that hold it must not shut
            // out the small calls beside them
            if (inTransit.addAndGet(bytes) > maxInTransit && arriving + bytes > SMALL_MESSAGE) {
                inTransit.addAndGet(-bytes);
                Problem.count(registry, ProblemType.OVERLOADED);
                throw Status.UNAVAILABLE.withDescription("the messages still arriving hold their share of the "
                        + "transport's direct memory (" + Admission.megabytes(maxInTransit) + " MB, a quarter of "
                        + "-XX:MaxDirectMemorySize); retry later").asRuntimeException();
            }
            arriving += bytes;
            received += bytes;
            try {
                reservation.charge(bytes);
            } catch (ProblemException e) {
                Problem.count(registry, e.type());
                throw OipGrpcService.code(e.type()).withDescription(e.getMessage()).asRuntimeException();
            }
        }

        /** The reservation, which the message has charged, for the service; null if the stream has closed. */
        synchronized Admission.Reservation claim() {
            if (!streamOpen) {
                return null;
            }
            claimed = true;
            served = true;
            arrivedWhole();
            return reservation;
        }

        /** The bytes of the message, as they arrived. */
        synchronized long received() {
            return received;
        }

        /** The message has left the transport's buffers (parsed into the heap, or dropped with its stream). */
        private void arrivedWhole() {
            inTransit.addAndGet(-arriving);
            arriving = 0;
            leader.compareAndSet(this, null);
        }

        /** The service is done with the reservation. */
        synchronized void done() {
            claimed = false;
            if (!streamOpen) {
                reservation.close();
            }
        }

        /** The stream has closed; answers whether the service had not claimed the call (nor ever will). */
        synchronized boolean streamClosed() {
            streamOpen = false;
            arrivedWhole();
            if (!claimed) {
                reservation.close();
            }
            return !served;
        }
    }
}
