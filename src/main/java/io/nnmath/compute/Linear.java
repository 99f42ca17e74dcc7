package io.nnmath.compute;

/**
 * Dense products on row-major blocks, built from the kernels. Each accumulates into C (callers
 * start from zeros or a bias). Offsets say where each matrix starts in its array.
 */
final class Linear {

    private Linear() {
    }

    /** Rows of A taken together, so that they stay in cache while every row of B passes by. */
    private static final int ROW_TILE = 64;

    /** C[m][n] += A[m][k] B[n][k]^T: row i of A against every row j of B (x W^T). */
    static void mulAddABt(Kernels kernels, double[] a, int aOff, int m, double[] b, int bOff, int n, int k,
                       double[] c, int cOff) {
        for (int i = 0; i < m; i += ROW_TILE) {
            int rows = Math.min(ROW_TILE, m - i);
            for (int j = 0; j < n; j++) {
                kernels.addDots(a, aOff + i * k, k, rows, b, bOff + j * k, k, c, cOff + i * n + j, n);
            }
        }
    }

    /** C[m][n] += A[m][k] B[k][n]. */
    static void mulAddAB(Kernels kernels, double[] a, int aOff, int m, double[] b, int bOff, int k, int n,
                      double[] c, int cOff) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double x = a[aOff + i * k + p];
                if (x != 0) {
                    kernels.axpy(x, b, bOff + p * n, c, cOff + i * n, n);
                }
            }
        }
    }

    /** C[m][n] += A[k][m]^T B[k][n]: the sum over rows p of the outer products A_p B_p. */
    static void mulAddAtB(Kernels kernels, double[] a, int aOff, int k, int m, double[] b, int bOff, int n,
                       double[] c, int cOff) {
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < m; i++) {
                double x = a[aOff + p * m + i];
                if (x != 0) {
                    kernels.axpy(x, b, bOff + p * n, c, cOff + i * n, n);
                }
            }
        }
    }

    /** sums[j] += sum_p A[p][j] over rows p of A[k][n] (a bias gradient). */
    static void addColumnSums(Kernels kernels, double[] a, int aOff, int k, int n, double[] sums) {
        for (int p = 0; p < k; p++) {
            kernels.axpy(1, a, aOff + p * n, sums, 0, n);
        }
    }

    /** Squares of magnitudes in this range neither overflow nor vanish, so sqrt(dot) is exact enough. */
    private static final double SAFE_LOW = 0x1p-500;
    private static final double SAFE_HIGH = 0x1p500;

    /**
     * |a| over {@code len} entries without overflow or underflow: sqrt(sum a^2) where that is safe,
     * else m sqrt(sum (a / m)^2) with m = max |a_i| (as EJML's normF). Finite whenever the entries
     * are and the norm itself is below Double.MAX_VALUE.
     */
    static double norm(Kernels kernels, double[] a, int off, int len) {
        double m = 0;
        for (int i = off; i < off + len; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        if (m == 0 || m >= SAFE_LOW && m <= SAFE_HIGH) {
            return Math.sqrt(kernels.dot(a, off, a, off, len));
        }
        double sum = 0;
        for (int i = off; i < off + len; i++) {
            double x = a[i] / m;
            sum += x * x;
        }
        return m * Math.sqrt(sum);
    }

    /** Every row of C[m][n] starts as {@code bias} (or zeros when null). */
    static void fillRows(double[] c, int cOff, int m, double[] bias, int n) {
        if (bias == null) {
            return;
        }
        for (int i = 0; i < m; i++) {
            System.arraycopy(bias, 0, c, cOff + i * n, n);
        }
    }
}
