/**
 * The API's bodies: one record per request or response, with static factories from the model
 * records. The OpenAPI schemas are generated from these records ({@link org.thatdam.server.api.Schemas}),
 * and the CLI's {@code --json} output uses the same records, so the three cannot drift apart.
 * Components are non-null unless marked {@code @Nullable}.
 */
@NullMarked
package org.thatdam.server.api;

import org.jspecify.annotations.NullMarked;
