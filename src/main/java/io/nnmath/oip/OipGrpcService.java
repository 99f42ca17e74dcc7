package io.nnmath.oip;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.nnmath.compute.Deadline;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;
import io.nnmath.grpc.inference.ModelInferRequest;
import io.nnmath.grpc.inference.ModelMetadataRequest;
import io.nnmath.grpc.inference.ModelMetadataResponse;
import io.nnmath.grpc.inference.ModelReadyRequest;
import io.nnmath.grpc.inference.ModelReadyResponse;
import io.nnmath.grpc.inference.ServerLiveRequest;
import io.nnmath.grpc.inference.ServerLiveResponse;
import io.nnmath.grpc.inference.ServerMetadataRequest;
import io.nnmath.grpc.inference.ServerMetadataResponse;
import io.nnmath.grpc.inference.ServerReadyRequest;
import io.nnmath.grpc.inference.ServerReadyResponse;
import io.nnmath.problem.Problem;
import io.nnmath.problem.ProblemException;
import io.nnmath.problem.ProblemType;
import io.nnmath.system.Admission;
import io.nnmath.system.ComputeGate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService}, on
 * {@code spring.grpc.server.port}): a thin adapter over the same data plane as REST. A call runs
 * as a request of its own against the memory budget (its message charged as it arrived,
 * {@link OipGrpcInbound}),
 * its computations stop when the client's deadline passes or it cancels (counted in
 * {@code nnmath.compute.abandoned}), and every problem is the
 * REST problem's detail under the gRPC status of its kind: INVALID_ARGUMENT for the client's
 * mistakes, NOT_FOUND, RESOURCE_EXHAUSTED for limits, UNAVAILABLE for overload.
 */
@Component
class OipGrpcService implements GRPCInferenceServiceGrpc.AsyncService, BindableService {

    private static final Logger log = LoggerFactory.getLogger(OipGrpcService.class);

    /** What a call answers; may throw what {@link #status} maps. */
    private interface Answer<T> {
        T get() throws Exception;
    }

    private final OipDataPlane plane;
    private final OipCodec codec;
    private final MeterRegistry registry;
    private final OipGrpcInbound inbound;

    OipGrpcService(OipDataPlane plane, OipCodec codec, MeterRegistry registry, OipGrpcInbound inbound) {
        this.plane = plane;
        this.codec = codec;
        this.registry = registry;
        this.inbound = inbound;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return OipGrpcRequests.bind(this);
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        send(answer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        send(answer, () -> ServerReadyResponse.newBuilder().setReady(plane.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        send(answer, () -> {
            plane.find(request.getName(), request.getVersion());
            return ModelReadyResponse.newBuilder().setReady(plane.ready()).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        send(answer, () -> ServerMetadataResponse.newBuilder().setName(OipDataPlane.SERVER).setVersion(plane.version())
                .addAllExtensions(OipDataPlane.EXTENSIONS).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        send(answer, () -> {
            OipModel m = plane.find(request.getName(), request.getVersion());
            return ModelMetadataResponse.newBuilder().setName(m.name()).addVersions("1").setPlatform("nnmath")
                    .addAllInputs(metadata(m.inputs())).addAllOutputs(metadata(m.outputs())).build();
        });
    }

    /**
     * A message up to this size is first served on the transport thread that read it; a larger
     * one, or one whose computation turns out not to be small ({@link ComputeGate#withoutWaiting}),
     * on a virtual thread of its own.
     */
    static final long INLINE_MESSAGE = 64 * 1024;

    /**
     * ModelInfer, as {@link OipGrpcRequests#bind} serves it: the answer's values are encoded as they
     * are sent ({@link OipGrpcAnswer}). The server runs its calls on the transport's event loops
     * (the handing over of each call to a thread of its own took more CPU than an Iris softmax), so
     * a small request is answered right there, and any other moves to a virtual thread, where its
     * computation may wait for room and for a compute thread as an HTTP request's does.
     */
    void infer(ModelInferRequest request, StreamObserver<OipGrpcAnswer> answer) {
        Context call = Context.current();
        OipGrpcInbound.Call arrived = OipGrpcInbound.CALL.get();   // its message charged as it arrived
        Admission.Reservation reservation = arrived.claim();
        if (reservation == null) {   // the caller went away before its request was read (counted by the stream)
            answer.onError(Status.CANCELLED.withDescription("the call ended before its message was read")
                    .asRuntimeException());
            return;
        }
        if (arrived.received() <= INLINE_MESSAGE && serve(request, answer, reservation, arrived, call, true)) {
            return;
        }
        Runnable elsewhere = () -> serve(request, answer, reservation, arrived, call, false);
        Thread.ofVirtual().name("nnmath-grpc").start(call.wrap(elsewhere));
    }

    /**
     * Computes and sends the answer, then gives the reservation back to the call; with {@code inline},
     * answers false instead, having sent nothing and kept the reservation, when the computation
     * needs a thread that may wait.
     */
    private boolean serve(ModelInferRequest request, StreamObserver<OipGrpcAnswer> answer,
                          Admission.Reservation reservation, OipGrpcInbound.Call arrived, Context call, boolean inline) {
        boolean moved = false;
        try {
            Admission.within(reservation, () -> ScopedValue.where(Deadline.CALLER_GONE, call::isCancelled).call(() -> {
                send(answer, () -> inline ? ComputeGate.withoutWaiting(() -> answer(request)) : answer(request));
                return null;
            }));
        } catch (ComputeGate.WouldWait w) {
            moved = true;
        } finally {
            if (!moved) {
                arrived.done();
            }
        }
        return !moved;
    }

    private OipGrpcAnswer answer(ModelInferRequest request) throws IOException {
        OipModel m = plane.find(request.getModelName(), request.getModelVersion());
        InferRequest header = OipGrpcMessages.header(request);
        Map<String, OipTensor> tensors = codec.tensors(header, OipGrpcMessages.raw(request));
        OipGrpcAnswer answer = OipGrpcMessages.response(m, request.getId(), plane.infer("grpc", m, header, tensors));
        inbound.requireRoomForAnswer(answer.serializedSize());
        return answer;
    }

    /**
     * Answers {@code answer}'s value, or the status of what it threw, and so ends the call; unless
     * its computation must move ({@link ComputeGate.WouldWait}, thrown on with nothing sent).
     */
    private <T> void send(StreamObserver<T> observer, Answer<T> answer) {
        T value;
        try {
            value = answer.get();
        } catch (ComputeGate.WouldWait w) {
            throw w;   // nothing sent: the call is answered where its computation may wait
        } catch (Throwable e) {
            observer.onError(status(e).asRuntimeException());
            return;
        }
        observer.onNext(value);
        observer.onCompleted();
    }

    /** The gRPC status of a problem, with the REST problem's detail as its description. */
    Status status(Throwable e) {
        switch (e) {
            case ProblemException p -> {
                Problem.count(registry, p.type());
                return code(p.type()).withDescription(p.getMessage());
            }
            case Deadline.DeadlineExceededException d -> {
                Problem.count(registry, ProblemType.OVERLOADED);
                return Status.UNAVAILABLE.withDescription(d.getMessage() + " (nnmath.overload.compute-deadline); send a "
                        + "smaller request, or retry later");
            }
            case Deadline.CallerGoneException g -> {
                abandoned(registry);
                return Context.current().getDeadline() != null && Context.current().getDeadline().isExpired()
                        ? Status.DEADLINE_EXCEEDED.withDescription(g.getMessage())
                        : Status.CANCELLED.withDescription(g.getMessage());
            }
            case StatusRuntimeException s -> {
                return s.getStatus();
            }
            case OutOfMemoryError oom -> {
                log.error("OutOfMemoryError in a gRPC call, answered UNAVAILABLE", oom);
                Problem.count(registry, ProblemType.OVERLOADED);
                return Status.UNAVAILABLE.withDescription("the service ran out of memory for this request; retry later");
            }
            default -> {
                log.error("Unexpected failure in a gRPC call", e);
                Problem.count(registry, ProblemType.INTERNAL_ERROR);
                return Status.INTERNAL.withDescription("internal error; the server's log has the cause");
            }
        }
    }

    /** Counts a call given up because its client left (nnmath.compute.abandoned, protocol grpc). */
    static void abandoned(MeterRegistry registry) {
        registry.counter("nnmath.compute.abandoned", "protocol", "grpc").increment();
    }

    /** The gRPC code of each kind of problem: the client's mistakes are INVALID_ARGUMENT, whatever their HTTP status. */
    static Status code(ProblemType type) {
        return switch (type) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case LIMIT_EXCEEDED -> Status.RESOURCE_EXHAUSTED;
            case OVERLOADED -> Status.UNAVAILABLE;
            case REQUEST_TIMEOUT -> Status.DEADLINE_EXCEEDED;
            case NOT_IMPLEMENTED -> Status.UNIMPLEMENTED;
            case INTERNAL_ERROR -> Status.INTERNAL;
            default -> Status.INVALID_ARGUMENT;
        };
    }

    private static List<ModelMetadataResponse.TensorMetadata> metadata(List<OipTensorSpec> specs) {
        return specs.stream().map(s -> ModelMetadataResponse.TensorMetadata.newBuilder().setName(s.name())
                .setDatatype(s.datatype()).addAllShape(Arrays.stream(s.shape()).boxed().toList()).build()).toList();
    }
}
