package org.thatdam.core.serve;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thatdam.core.Dam;
import org.thatdam.core.testing.DamTesting;
import org.thatdam.model.DamException;
import org.thatdam.model.ErrorCode;
import org.thatdam.model.Principal;
import org.thatdam.model.Role;

/** Which bind addresses keep a library without users on this machine (where its setup page is). */
class ExposureTest {

    @TempDir Path tmp;

    @Test
    void loopbackIsServedWithoutUsers() {
        try (Dam dam = DamTesting.openDam(tmp)) {
            for (String host : new String[] {"127.0.0.1", "::1", "[::1]", "localhost"}) {
                assertThatCode(() -> Exposure.check(dam, host)).as(host).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void anyOtherAddressOrNameIsRefusedSayingWhy() {
        try (Dam dam = DamTesting.openDam(tmp)) {
            for (String host : new String[] {"0.0.0.0", "::", "", "192.168.1.5"}) {
                assertThatThrownBy(() -> Exposure.check(dam, host)).as("'" + host + "'").isInstanceOf(DamException.class)
                        .matches(e -> ((DamException) e).code() == ErrorCode.SETUP_REQUIRED)
                        .hasMessageContaining("refusing to serve on " + host + " while this library has no user");
            }
            // a name is not looked up: it may stand for any address, and one that does not resolve is no exception
            for (String host : new String[] {"nas.example.org", "no-such-host.invalid"}) {
                assertThatThrownBy(() -> Exposure.check(dam, host)).as(host).isInstanceOf(DamException.class)
                        .hasMessageContaining("refusing to serve on " + host + " (a host name other than localhost may stand for any address)");
            }
        }
    }

    @Test
    void onceTheLibraryHasAUserEveryAddressIsServed() {
        try (Dam dam = DamTesting.openDam(tmp)) {
            dam.users().add("root", Role.ADMIN, "the first password", Principal.commandLine(), null);
            assertThatCode(() -> Exposure.check(dam, "0.0.0.0")).doesNotThrowAnyException();
            assertThatCode(() -> Exposure.check(dam, "nas.example.org")).doesNotThrowAnyException();
        }
    }
}
