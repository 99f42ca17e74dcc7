package io.nnmath.tensor;

import java.io.InputStream;

import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.json.JsonReadContext;
import tools.jackson.core.json.UTF8StreamJsonParser;
import tools.jackson.core.sym.ByteQuadsCanonicalizer;

/**
 * Jackson's UTF-8 parser, which can also read a run of numbers of the array it is in straight from
 * its input buffer ({@link #readNumbers}), without a token, a char[] copy or a String per number.
 * A run stops, untouched, before anything that is not a plain number of that array: its end, a
 * nested array, a string, a malformed number, a comment, the end of the buffer. The caller then
 * takes the next token from Jackson as usual, so every error, every limit and every location stays
 * Jackson's own.
 */
final class ScanningJsonParser extends UTF8StreamJsonParser {

    private final int maxNumberLength;

    ScanningJsonParser(ObjectReadContext readCtxt, IOContext ctxt, int streamReadFeatures, int formatReadFeatures,
            InputStream in, ByteQuadsCanonicalizer symbols, byte[] buffer, int start, int end,
            boolean bufferRecyclable) {
        super(readCtxt, ctxt, streamReadFeatures, formatReadFeatures, in, symbols, buffer, start, end, 0,
                bufferRecyclable);
        this.maxNumberLength = streamReadConstraints().getMaxNumberLength();
    }

    /**
     * Reads up to {@code max} numbers of the current array into {@code into[at..]}, as if by
     * {@code nextToken()} and {@code getDoubleValue()} each; returns how many. The parser is then
     * where those calls would have left it, its current token a number whose double value is the
     * last one read.
     */
    int readNumbers(double[] into, int at, int max) {
        if (_currToken == JsonToken.PROPERTY_NAME || _tokenIncomplete || _trackMaxTokenCount
                || !_streamReadContext.inArray()) {
            return 0;   // states that nextToken() treats apart; Jackson counts tokens one by one
        }
        JsonReadContext array = _streamReadContext;
        byte[] buffer = _inputBuffer;
        int end = _inputEnd;
        int ptr = _inputPtr;
        int row = _currInputRow;
        int rowStart = _currInputRowStart;
        boolean comma = array.getEntryCount() > 0;
        int last = ptr;   // where the last number read starts
        int n = 0;
        while (n < max) {
            // Whitespace, a comma after the first element, whitespace, a number: as _skipWS() and
            // _skipCR() count lines, but ending the run where they would load more input.
            int p = ptr;
            int r = row;
            int rs = rowStart;
            int pass = comma ? 0 : 1;
            if (comma && p + 1 < end && buffer[p] == ',' && buffer[p + 1] > ' ') {
                p++;   // the usual: a comma, then at once the next number (or what ends the run)
                pass = 2;
            }
            for (; pass < 2; pass++) {
                while (p < end && buffer[p] <= ' ') {   // whitespace, or what Jackson must judge (signed bytes)
                    byte b = buffer[p];
                    if (b == ' ' || b == '\t') {
                        p++;
                    } else if (b == '\n' || b == '\r' && p + 1 < end) {
                        p += b == '\r' && buffer[p + 1] == '\n' ? 2 : 1;
                        r++;
                        rs = p;
                    } else {
                        return commit(n, last, ptr, row, rowStart, into, at);
                    }
                }
                if (pass == 0) {
                    if (p == end || buffer[p] != ',') {
                        return commit(n, last, ptr, row, rowStart, into, at);
                    }
                    p++;
                }
            }
            int after = NumberScanner.scan(buffer, p, end, maxNumberLength, into, at + n);
            if (after < 0) {
                break;
            }
            array.expectComma();   // counts the element, as nextToken() does
            last = p;
            ptr = after;
            row = r;
            rowStart = rs;
            comma = true;
            n++;
        }
        return commit(n, last, ptr, row, rowStart, into, at);
    }

    /** Leaves the parser after the last number read, {@code buffer[last..ptr)}, if any. */
    private int commit(int n, int last, int ptr, int row, int rowStart, double[] into, int at) {
        if (n > 0) {
            _inputPtr = ptr;
            _currInputRow = row;
            _currInputRowStart = rowStart;
            // Jackson names the token in some messages ("end-of-input in VALUE_NUMBER_INT")
            _currToken = isInteger(_inputBuffer, last, ptr) ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT;
            _numberDouble = into[at + n - 1];
            _numTypesValid = NR_DOUBLE;
            _tokenCount += n;
        }
        return n;
    }

    private static boolean isInteger(byte[] buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '.' || (buffer[i] | 0x20) == 'e') {
                return false;
            }
        }
        return true;
    }
}
