package io.nnmath.oip;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.service.DefaultGrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.grpc.server.service.GrpcServiceSpec;
import org.springframework.stereotype.Component;

/**
 * Bytes that are not a method's request message are the client's mistake on every gRPC service of
 * the server, the inference service and the standard health service alike: INVALID_ARGUMENT,
 * naming the message they are not (RESOURCE_EXHAUSTED for a compressed one that decompresses beyond
 * the size limit). So is a call to a one-request method that sends none, or two, which grpc-java
 * answers INTERNAL. grpc-java answers whatever a request marshaller throws with
 * UNKNOWN ("Application error processing RPC") and logs it at ERROR with its stack trace, so that
 * three malformed bytes to ModelMetadata filled the log with 65 lines. Each method's marshaller here
 * hands the call a {@link Malformed} instead, which is answered before the method sees anything.
 *
 * <p>The services are those Spring gRPC's own discoverer finds; they are wrapped here, inside the
 * interceptors (observations, exception handlers) that its configurer then applies, so that these
 * answers are timed and counted as every other.
 */
@Component
class OipGrpcMalformed implements GrpcServiceDiscoverer {

    private final GrpcServiceDiscoverer services;

    OipGrpcMalformed(ApplicationContext context) {
        this.services = new DefaultGrpcServiceDiscoverer(context);
    }

    @Override
    public List<GrpcServiceSpec> findServices() {
        return services.findServices().stream()
                .map(spec -> new GrpcServiceSpec(answering(spec.service()), spec.serviceInfo()))
                .toList();
    }

    @Override
    public List<String> listServiceNames() {
        return services.listServiceNames();
    }

    /** {@code service}, its malformed requests answered INVALID_ARGUMENT. */
    static BindableService answering(BindableService service) {
        return () -> answering(service.bindService());
    }

    static ServerServiceDefinition answering(ServerServiceDefinition service) {
        return withMethods(service, OipGrpcMalformed::answering);
    }

    /** {@code service} with each of its methods as {@code replaced} makes it (its name kept). */
    static ServerServiceDefinition withMethods(ServerServiceDefinition service,
            Function<ServerMethodDefinition<?, ?>, ServerMethodDefinition<?, ?>> replaced) {
        ServiceDescriptor generated = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(generated.getName())
                .setSchemaDescriptor(generated.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> replacement = replaced.apply(method);
            descriptor.addMethod(replacement.getMethodDescriptor());
            methods.add(replacement);
        }
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(definition::addMethod);
        return definition.build();
    }

    /** What the bytes of a request that is not one became: its status (INVALID_ARGUMENT, or RESOURCE_EXHAUSTED). */
    record Malformed(Status status) {
    }

    /**
     * The status of a request that could not be parsed: INVALID_ARGUMENT for bytes that are no
     * message or a compression that does not decode, RESOURCE_EXHAUSTED for one that decompresses
     * beyond the size limit; null for anything else, which is not the client's doing.
     */
    static Status malformed(RuntimeException failure, MethodDescriptor<?, ?> method) {
        if (failure instanceof StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.INVALID_ARGUMENT || code == Status.Code.RESOURCE_EXHAUSTED) {
                return e.getStatus().withCause(null);
            }
            if (e.getCause() instanceof InvalidProtocolBufferException cause) {
                return Status.INVALID_ARGUMENT.withDescription("the message is not a well-formed "
                        + messageName(method) + " (" + cause.getMessage() + "); send one encoded as its .proto "
                        + "defines it");
            }
        }
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {   // a compressed message that does not decode
                return Status.INVALID_ARGUMENT.withDescription("the message could not be read (" + t + "); send it "
                        + "uncompressed, or compressed whole with the grpc-encoding it names");
            }
        }
        return null;
    }

    /**
     * The method with a request marshaller that answers a {@link Malformed} where the method's own
     * throws, and a handler that answers that one and passes every request that parsed on.
     */
    @SuppressWarnings("unchecked")   // the method's own handler and marshaller see only its own requests
    private static <Q, A> ServerMethodDefinition<Object, A> answering(ServerMethodDefinition<Q, A> method) {
        MethodDescriptor<Q, A> own = method.getMethodDescriptor();
        MethodDescriptor.Marshaller<Object> requests = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Object request) {
                return own.streamRequest((Q) request);
            }

            @Override
            public Object parse(InputStream bytes) {
                try {
                    return own.parseRequest(bytes);
                } catch (RuntimeException e) {
                    Status status = malformed(e, own);
                    if (status == null) {
                        throw e;
                    }
                    return new Malformed(status);
                }
            }
        };
        boolean oneRequest = own.getType().clientSendsOneMessage();
        ServerCallHandler<Q, A> handler = method.getServerCallHandler();
        return ServerMethodDefinition.create(own.toBuilder(requests, own.getResponseMarshaller()).build(),
                (call, headers) -> {
                    ServerCall.Listener<Q> listener = handler.startCall((ServerCall<Q, A>) (ServerCall<?, A>) call,
                            headers);
                    return new ServerCall.Listener<>() {
                        private boolean answered;
                        private int requests;

                        @Override
                        public void onMessage(Object request) {
                            if (answered) {
                                return;
                            }
                            if (request instanceof Malformed malformed) {
                                answer(malformed.status());
                            } else if (oneRequest && ++requests > 1) {
                                answer(Status.INVALID_ARGUMENT.withDescription(own.getBareMethodName() + " takes one "
                                        + "request message, and this call sent more; send one a call"));
                            } else {
                                listener.onMessage((Q) request);
                            }
                        }

                        @Override
                        public void onHalfClose() {
                            if (answered) {
                                return;
                            }
                            if (oneRequest && requests == 0) {
                                answer(Status.INVALID_ARGUMENT.withDescription("the call ended before its request "
                                        + "message; " + own.getBareMethodName() + " takes one " + messageName(own)));
                            } else {
                                listener.onHalfClose();
                            }
                        }

                        private void answer(Status status) {
                            answered = true;
                            call.close(status, new Metadata());
                        }

                        @Override
                        public void onReady() {
                            if (!answered) {
                                listener.onReady();
                            }
                        }

                        @Override
                        public void onCancel() {
                            listener.onCancel();
                        }

                        @Override
                        public void onComplete() {
                            listener.onComplete();
                        }
                    };
                });
    }

    /** The full name of the method's request message, e.g. {@code inference.ModelMetadataRequest}. */
    private static String messageName(MethodDescriptor<?, ?> method) {
        if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
                && prototype.getMessagePrototype() instanceof Message message) {
            return message.getDescriptorForType().getFullName();
        }
        return "request of " + method.getFullMethodName();
    }
}
