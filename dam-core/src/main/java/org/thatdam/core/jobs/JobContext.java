package org.thatdam.core.jobs;

import java.util.function.BooleanSupplier;
import org.thatdam.model.Job;

/** What a running job sees: its record, a progress reporter and its cancellation flag. */
public interface JobContext {

    Job job();

    /** Reports progress 0..1; cheap to call often (persisted and published at a bounded rate). */
    void progress(double fraction);

    /** True once the job was cancelled: stop, and let long tools be killed through {@link #cancelled()}. */
    BooleanSupplier cancelled();
}
