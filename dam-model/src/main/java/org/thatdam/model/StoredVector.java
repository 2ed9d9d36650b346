package org.thatdam.model;

/**
 * One embedding as the catalog keeps it: which model made it ({@code text} or {@code visual}), a hash of what
 * it was computed from (so unchanged input is not embedded again) and the L2-normalised vector.
 */
public record StoredVector(String model, String sourceHash, float[] vector) {

    public StoredVector {
        if (model == null || model.isBlank()) throw DamException.invalid("an embedding needs a model id");
        if (vector == null || vector.length == 0) throw DamException.invalid("an embedding needs a vector");
    }
}
