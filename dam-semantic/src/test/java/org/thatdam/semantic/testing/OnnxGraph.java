package org.thatdam.semantic.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a small ONNX model (ModelProto, IR 8, opset 13) from nodes, initializers and typed inputs/outputs, field
 * numbers as in onnx.proto: enough to build real models for ONNX Runtime in tests without any model file.
 */
public final class OnnxGraph {
    public static final int FLOAT = 1;
    public static final int INT64 = 7;

    private final List<Proto> nodes = new ArrayList<>();
    private final List<Proto> initializers = new ArrayList<>();
    private final List<Proto> inputs = new ArrayList<>();
    private final List<Proto> outputs = new ArrayList<>();

    /** A graph input or output; a dimension is a number, or a name for a free one ("batch"). */
    private static Proto valueInfo(String name, int elemType, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(1, d instanceof Number n ? new Proto().varint(1, n.longValue()) : new Proto().string(2, d.toString()));
        }
        Proto tensor = new Proto().varint(1, elemType).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
    }

    public OnnxGraph input(String name, int elemType, Object... dims) {
        inputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxGraph output(String name, int elemType, Object... dims) {
        outputs.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxGraph floats(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return initializer(name, FLOAT, b.array(), dims);
    }

    public OnnxGraph longs(String name, long[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return initializer(name, INT64, b.array(), dims);
    }

    private OnnxGraph initializer(String name, int type, byte[] raw, long... dims) {
        Proto t = new Proto();
        for (long d : dims) t.varint(1, d);
        t.varint(2, type).string(8, name).bytes(9, raw);
        initializers.add(t);
        return this;
    }

    /** A node; attributes are given as name, value pairs (an int, or a long[] for a list of ints). */
    public OnnxGraph node(String op, List<String> in, String out, Object... attributes) {
        Proto n = new Proto();
        for (String i : in) n.string(1, i);
        n.string(2, out).string(3, out + "_" + op).string(4, op);
        for (int i = 0; i < attributes.length; i += 2) {
            Proto a = new Proto().string(1, (String) attributes[i]);
            if (attributes[i + 1] instanceof long[] ints) {
                for (long v : ints) a.varint(8, v);
                a.varint(20, 7); // INTS
            } else {
                a.varint(3, ((Number) attributes[i + 1]).longValue()).varint(20, 2); // INT
            }
            n.message(5, a);
        }
        nodes.add(n);
        return this;
    }

    public byte[] toBytes() {
        Proto g = new Proto();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, "test");
        initializers.forEach(i -> g.message(5, i));
        inputs.forEach(i -> g.message(11, i));
        outputs.forEach(o -> g.message(12, o));
        return new Proto().varint(1, 8).string(2, "thatdam-tests").message(7, g)
                .message(8, new Proto().string(1, "").varint(2, 13)).toBytes();
    }
}
