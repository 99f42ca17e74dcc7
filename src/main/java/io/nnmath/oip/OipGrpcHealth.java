package io.nnmath.oip;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.nnmath.grpc.inference.GRPCInferenceServiceGrpc;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The standard gRPC health service ({@code grpc.health.v1.Health}, which Kubernetes' grpc probe
 * calls) says what readiness says, at once: NOT_SERVING while the service warms up and once it
 * shuts down, SERVING in between, for the whole server ("") and for the inference service.
 * (Spring's own schedule, which polls the application's health every few seconds, is off:
 * application.yaml.)
 */
@Component
class OipGrpcHealth {

    static final String SERVICE = GRPCInferenceServiceGrpc.SERVICE_NAME;

    private final HealthStatusManager health;   // null with the gRPC server off (spring.grpc.server.enabled)

    OipGrpcHealth(ObjectProvider<HealthStatusManager> health, ApplicationAvailability availability) {
        this.health = health.getIfAvailable();
        apply(availability.getReadinessState());
    }

    @EventListener
    void readinessChanged(AvailabilityChangeEvent<ReadinessState> event) {
        apply(event.getState());
    }

    private void apply(ReadinessState state) {
        if (health == null) {
            return;
        }
        ServingStatus status = state == ReadinessState.ACCEPTING_TRAFFIC ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        health.setStatus(SERVICE, status);
    }
}
