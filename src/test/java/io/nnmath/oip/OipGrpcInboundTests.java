package io.nnmath.oip;

import java.util.concurrent.atomic.AtomicLong;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.system.Admission;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gRPC call's message holds the memory budget (24 MB here) as its bytes arrive, through the
 * stream tracer that grpc-java reports them to, until its stream has closed and the service is done
 * with it; what does not fit is shed as it arrives. (Every call of the other gRPC tests goes
 * through the same tracer: the service takes its reservation from it.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "nnmath.overload.memory-budget=24MB")
class OipGrpcInboundTests {

    static final long MB = 1 << 20;
    static final String METHOD = "inference.GRPCInferenceService/ModelInfer";

    @Autowired
    OipGrpcInbound inbound;

    @Autowired
    Admission admission;

    @Autowired
    MeterRegistry registry;

    @AfterEach
    void nothingIsLeftHeld() {
        assertThat(admission.budget().used()).isZero();
        assertThat(inbound.inTransit()).isZero();
    }

    ServerStreamTracer stream() {
        return inbound.newServerStreamTracer(METHOD, new Metadata());
    }

    static OipGrpcInbound.Call call(ServerStreamTracer stream) {
        return OipGrpcInbound.CALL.get(stream.filterContext(Context.ROOT));
    }

    @Test
    void theBytesOfAMessageHoldTheBudgetAsTheyArriveUntilItsStreamCloses() {
        ServerStreamTracer stream = stream();
        stream.inboundWireSize(3 * MB);
        stream.inboundWireSize(5 * MB);
        assertThat(admission.budget().used()).isBetween(8 * MB, 9 * MB);
        assertThat(inbound.inTransit()).isEqualTo(8 * MB);   // in the transport's direct memory
        stream.streamClosed(Status.OK);
        assertThat(admission.budget().used()).isZero();
    }

    @Test
    void aMessageThatDoesNotFitBesideTheOthersIsShedAsItArrivesUnavailable() {
        ServerStreamTracer holder = stream();
        holder.inboundWireSize(20 * MB);
        ServerStreamTracer late = stream();
        late.inboundWireSize(2 * MB);
        assertThatThrownBy(() -> late.inboundWireSize(4 * MB)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("memory budget of 24 MB",
                            "nnmath.overload.memory-budget", "retry");
                });
        late.streamClosed(Status.UNAVAILABLE);
        holder.streamClosed(Status.OK);
    }

    @Test
    void aMessageOverTheWholeBudgetIsResourceExhausted() {
        ServerStreamTracer stream = stream();
        stream.inboundWireSize(16 * MB);
        assertThatThrownBy(() -> stream.inboundWireSize(9 * MB)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).contains("nnmath.overload.memory-budget");
                });
        stream.streamClosed(Status.RESOURCE_EXHAUSTED);
    }

    @Test
    void aStreamThatClosesWhileTheServiceComputesLeavesTheReservationToTheService() {
        ServerStreamTracer stream = stream();
        stream.inboundWireSize(4 * MB);
        Admission.Reservation reservation = call(stream).claim();
        assertThat(reservation).isNotNull();
        assertThat(inbound.inTransit()).isZero();   // parsed: out of the transport's buffers, still in the budget
        stream.streamClosed(Status.CANCELLED);   // the client gave up
        reservation.charge(2 * MB);              // the service is still decoding
        assertThat(admission.budget().used()).isGreaterThanOrEqualTo(6 * MB);
        call(stream).done();
        assertThat(admission.budget().used()).isZero();
    }

    @Test
    void aServiceDoneBeforeItsStreamClosesLeavesTheReservationToTheStream() {
        ServerStreamTracer stream = stream();
        stream.inboundWireSize(4 * MB);
        call(stream).claim();
        call(stream).done();
        assertThat(admission.budget().used()).isGreaterThanOrEqualTo(4 * MB);   // the answer is still being sent
        stream.streamClosed(Status.OK);
    }

    @Test
    void theMessagesStillArrivingHoldAtMostTheirShareOfDirectMemory() {
        OipGrpcInbound small = new OipGrpcInbound(admission, registry, 40 * MB, () -> 0);   // a quarter: 10 MB
        ServerStreamTracer first = small.newServerStreamTracer(METHOD, new Metadata());
        first.inboundWireSize(6 * MB);
        ServerStreamTracer second = small.newServerStreamTracer(METHOD, new Metadata());
        assertThatThrownBy(() -> second.inboundWireSize(5 * MB)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("direct memory (10 MB", "MaxDirectMemorySize",
                            "retry");
                });
        second.streamClosed(Status.UNAVAILABLE);
        ServerStreamTracer third = small.newServerStreamTracer(METHOD, new Metadata());
        third.inboundWireSize(4 * MB);   // the share is full now, and stalled, say
        ServerStreamTracer iris = small.newServerStreamTracer(METHOD, new Metadata());
        iris.inboundWireSize(OipGrpcInbound.SMALL_MESSAGE);   // a small message is never shut out by it
        iris.streamClosed(Status.OK);
        third.streamClosed(Status.CANCELLED);
        assertThatThrownBy(() -> first.inboundWireSize(5 * MB)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).contains("this message alone", "smaller message");
                });
        first.streamClosed(Status.RESOURCE_EXHAUSTED);
        assertThat(small.inTransit()).isZero();
    }

    @Test
    void pastThreeQuartersOfTheDirectMemoryInUseLargeMessagesAreShedAroundTheFirstToMeetIt() {
        AtomicLong inUse = new AtomicLong(29 * MB);   // of 40 MB, in buffers that every stream's frames share
        OipGrpcInbound tight = new OipGrpcInbound(admission, registry, 40 * MB, inUse::get);
        ServerStreamTracer early = tight.newServerStreamTracer(METHOD, new Metadata());
        early.inboundWireSize(2 * MB);
        assertThat(admission.budget().used()).isGreaterThanOrEqualTo(2 * MB);
        inUse.set(31 * MB);   // a flood arrives beside it
        ServerStreamTracer small = tight.newServerStreamTracer(METHOD, new Metadata());
        small.inboundWireSize(OipGrpcInbound.SMALL_MESSAGE);   // small messages are served all the same
        small.streamClosed(Status.OK);
        ServerStreamTracer leader = tight.newServerStreamTracer(METHOD, new Metadata());
        leader.inboundWireSize(MB);   // the first large part past the level: this message goes on arriving
        assertThatThrownBy(() -> early.inboundWireSize(MB)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains("direct memory is three quarters in use (30 MB",
                    "MaxDirectMemorySize", "retry");
        });
        early.streamClosed(Status.UNAVAILABLE);
        leader.inboundWireSize(MB);
        leader.streamClosed(Status.OK);
        ServerStreamTracer next = tight.newServerStreamTracer(METHOD, new Metadata());
        next.inboundWireSize(MB);   // the leader has arrived whole: the next one leads
        next.streamClosed(Status.OK);
        inUse.set(29 * MB);   // the flood's buffers released: large messages arrive side by side again
        ServerStreamTracer one = tight.newServerStreamTracer(METHOD, new Metadata());
        ServerStreamTracer two = tight.newServerStreamTracer(METHOD, new Metadata());
        one.inboundWireSize(4 * MB);
        two.inboundWireSize(4 * MB);
        one.streamClosed(Status.OK);
        two.streamClosed(Status.OK);
        assertThat(tight.inTransit()).isZero();
    }

    @Test
    void aLargeAnswerIsUnavailableWhileItWouldTakeTheDirectMemoryInUsePastHalf() {
        AtomicLong inUse = new AtomicLong(19 * MB);   // of 40 MB: answers their clients have not read, say
        OipGrpcInbound tight = new OipGrpcInbound(admission, registry, 40 * MB, inUse::get);
        tight.requireRoomForAnswer(MB);
        assertThatThrownBy(() -> tight.requireRoomForAnswer(2 * MB)).isInstanceOfSatisfying(
                StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("answer (2 MB)", "half of",
                            "MaxDirectMemorySize (20 MB)", "not read yet", "retry");
                });
        inUse.set(39 * MB);
        tight.requireRoomForAnswer(OipGrpcInbound.SMALL_MESSAGE);   // small answers go out all the same
    }

    @Test
    void aStreamClosedBeforeItsMessageWasReadHasNoReservationToClaimAndCountsAsAbandoned() {
        double before = abandoned();
        ServerStreamTracer stream = stream();
        stream.inboundWireSize(MB);
        stream.streamClosed(Status.CANCELLED);
        assertThat(call(stream).claim()).isNull();
        assertThat(abandoned()).isEqualTo(before + 1);
        ServerStreamTracer shed = stream();   // the service's own refusal is no abandonment
        shed.streamClosed(Status.UNAVAILABLE);
        ServerStreamTracer served = stream();
        call(served).claim();
        call(served).done();
        served.streamClosed(Status.CANCELLED);   // the service's own path counts that one
        assertThat(abandoned()).isEqualTo(before + 1);
    }

    private double abandoned() {
        var counter = registry.find("nnmath.compute.abandoned").tag("protocol", "grpc").counter();
        return counter == null ? 0 : counter.count();
    }
}
