package io.nnmath.oip;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/** Tests that call the context's gRPC server through one client, connected for the whole class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OverGrpc {

    @Autowired
    GrpcServerLifecycle grpc;

    OipGrpcClient client;

    @BeforeAll
    void connect() {
        client = new OipGrpcClient(grpc.getPort());
    }

    @AfterAll
    void close() throws InterruptedException {
        client.close();
    }
}
