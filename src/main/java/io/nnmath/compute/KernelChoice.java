package io.nnmath.compute;

/** How the kernels are chosen at start-up: {@code auto} takes the Vector API when the JVM has it. */
public enum KernelChoice {
    AUTO, VECTOR, SCALAR;

    static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** True when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** The kernels this choice stands for; VECTOR without the module is an error, not a fallback. */
    public Kernels kernels() {
        return switch (this) {
            case SCALAR -> new ScalarKernels();
            case VECTOR -> {
                if (!vectorModulePresent()) {
                    throw new IllegalStateException("kernel=vector needs the JVM option --add-modules "
                            + VECTOR_MODULE + "; start with it or use kernel=auto|scalar");
                }
                yield new VectorKernels();
            }
            case AUTO -> vectorModulePresent() ? new VectorKernels() : new ScalarKernels();
        };
    }
}
