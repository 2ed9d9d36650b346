package org.thatdam.catalog;

import java.util.function.Consumer;

/**
 * Short messages between the processes that share one catalog on a server engine (PostgreSQL
 * LISTEN/NOTIFY): a wake-up for the change feed, events for every API node's clients. Delivery is
 * best effort and only to processes listening at the time: whatever must not be lost is in the
 * catalog, and a message only says "look now".
 */
public interface CatalogChannel {

    /** Payloads larger than this are not sent (PostgreSQL's limit is 8,000 bytes). */
    int MAX_PAYLOAD_BYTES = 7_900;

    /** Sends {@code payload} to every process listening on {@code channel}, now (not at the end of a transaction). */
    void publish(String channel, String payload);

    /** Calls {@code onMessage} on a thread of the channel for each payload sent to {@code channel}; close to stop. */
    AutoCloseable listen(String channel, Consumer<String> onMessage);
}
