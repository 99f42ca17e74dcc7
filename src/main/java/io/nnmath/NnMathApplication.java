package io.nnmath;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class NnMathApplication {

    public static void main(String[] args) {
        SpringApplication.run(NnMathApplication.class, args);
    }
}
