package io.llmaas.gateway.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * The data plane's JSON: Jackson's streaming parser and generator and its tree model, never reflection-based binding,
 * so the hot path parses only what it needs and the code stays native-friendly.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** What a {@link JsonGenerator} writes, as one Buffer. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    /** Runs {@code writer} against a generator and returns the bytes it wrote. */
    public static Buffer write(Writer writer) {
        return write(writer, 256);
    }

    public static Buffer write(Writer writer, int initialCapacity) {
        ByteBuf bytes = Unpooled.buffer(initialCapacity);
        try (JsonGenerator json = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(bytes))) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes);
    }

    /** The bytes of a Buffer as an array starting at 0, without a copy when the Buffer already is one. */
    public static byte[] array(Buffer buffer) {
        ByteBuf buf = buffer.getByteBuf();
        if (buf.hasArray() && buf.arrayOffset() == 0 && buf.readerIndex() == 0) {
            return buf.array();
        }
        return buffer.getBytes();
    }
}
