package org.thatdam.core.jobs;

import java.util.function.BooleanSupplier;
import org.thatdam.model.Job;

/** What a running job sees: its record, a progress reporter and its cancellation flag. */
public interface JobContext {

    Job job();

    /** Reports progress 0..1; cheap to call often (persisted and published at a bounded rate). */
    void progress(double fraction);

    /**
     * The job's params, read as {@code type}: params that do not read are a bug or a hand-edited
     * catalog, so the job fails for good instead of being retried.
     */
    default <T> T params(Class<T> type) {
        try {
            return org.thatdam.core.json.Json.mapper().readValue(job().params(), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PermanentJobException("job " + job().id() + " has unreadable params: " + e.getOriginalMessage(), e);
        }
    }

    /** True once the job was cancelled: stop, and let long tools be killed through {@link #cancelled()}. */
    BooleanSupplier cancelled();
}
