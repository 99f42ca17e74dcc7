package io.nnmath.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The compute core knows nothing of the web: no Spring, Jackson or servlet import. */
class ComputeIsPlainJavaTests {

    @Test
    void computeImportsNoWebFramework() throws IOException {
        Path dir = Path.of("src/main/java/io/nnmath/compute");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).filter(l -> l.startsWith("import "))
                            .filter(l -> l.contains("org.springframework") || l.contains("jackson")
                                    || l.contains("jakarta.") || l.matches("import io\\.nnmath\\.(?!compute\\.).*"))
                            .map(l -> f.getFileName() + ": " + l))
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
