package io.nnmath.tensor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;

/**
 * Jackson's JSON factory, whose parsers of UTF-8 bytes are {@link ScanningJsonParser}s. A body
 * Jackson would read as UTF-8 without a byte order mark (what every client sends) gets one, in the
 * very state Jackson's own bootstrapping would have left its parser in; any other body (a BOM,
 * UTF-16 or UTF-32, or text given as chars) gets Jackson's own parser, and the tensors in it are
 * read token by token as before.
 */
public final class ScanningJsonFactory extends JsonFactory {

    /** As many bytes as Jackson's bootstrapping reads to tell the encoding. */
    private static final int ENCODING_BYTES = 4;

    private ScanningJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
    }

    private ScanningJsonFactory(JsonFactory source) {
        super(source);
    }

    /** A builder of such factories, to be configured as Jackson's own. */
    public static JsonFactoryBuilder builder() {
        return new Builder();
    }

    @Override
    public JsonFactory copy() {
        return new ScanningJsonFactory(this);
    }

    @Override
    public JsonFactoryBuilder rebuild() {
        return new Builder(this);
    }

    @Override
    protected JsonParser _createParser(ObjectReadContext readCtxt, IOContext ioCtxt, InputStream in) {
        if (!TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES.enabledIn(_factoryFeatures)) {
            return super._createParser(readCtxt, ioCtxt, in);
        }
        byte[] buffer = ioCtxt.allocReadIOBuffer();
        int end = 0;
        try {
            for (int count; end < ENCODING_BYTES && (count = in.read(buffer, end, buffer.length - end)) > 0; ) {
                end += count;
            }
        } catch (IOException e) {
            throw JacksonIOException.construct(e, null);
        }
        if (plainUtf8(buffer, 0, end)) {
            return parser(readCtxt, ioCtxt, in, buffer, 0, end, true);
        }
        byte[] head = Arrays.copyOf(buffer, end);
        ioCtxt.releaseReadIOBuffer(buffer);
        return super._createParser(readCtxt, ioCtxt, new SequenceInputStream(new ByteArrayInputStream(head), in));
    }

    @Override
    protected JsonParser _createParser(ObjectReadContext readCtxt, IOContext ioCtxt, byte[] data, int offset,
            int len) {
        _checkRangeBoundsForByteArray(data, offset, len);
        if (TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES.enabledIn(_factoryFeatures)
                && plainUtf8(data, offset, offset + len)) {
            return parser(readCtxt, ioCtxt, null, data, offset, offset + len, false);
        }
        return super._createParser(readCtxt, ioCtxt, data, offset, len);
    }

    private JsonParser parser(ObjectReadContext readCtxt, IOContext ioCtxt, InputStream in, byte[] buffer,
            int start, int end, boolean recyclable) {
        ioCtxt.setEncoding(JsonEncoding.UTF8);
        return new ScanningJsonParser(readCtxt, ioCtxt, readCtxt.getStreamReadFeatures(_streamReadFeatures),
                readCtxt.getFormatReadFeatures(_formatReadFeatures), in,
                _byteSymbolCanonicalizer.makeChild(_factoryFeatures), buffer, start, end, recyclable);
    }

    /**
     * Whether Jackson's bootstrapping would take these first bytes for UTF-8 without a BOM: a BOM
     * starts with 0xEF, 0xFE or 0xFF, and UTF-16 and UTF-32 put a zero in one of the first two bytes.
     */
    static boolean plainUtf8(byte[] bytes, int from, int to) {
        if (to == from) {
            return true;
        }
        int first = bytes[from] & 0xff;
        return first != 0 && first != 0xef && first != 0xfe && first != 0xff && (to - from < 2 || bytes[from + 1] != 0);
    }

    private static final class Builder extends JsonFactoryBuilder {
        Builder() {
        }

        Builder(JsonFactory base) {
            super(base);
        }

        @Override
        public JsonFactory build() {
            return new ScanningJsonFactory(this);
        }
    }
}
