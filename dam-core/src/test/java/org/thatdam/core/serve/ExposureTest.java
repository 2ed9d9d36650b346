package org.thatdam.core.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which bind addresses keep the server on this machine (where a library without users may be served). */
class ExposureTest {

    @Test
    void loopbackAddressesAndNamesStayOnThisMachine() {
        for (String host : new String[] {"127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost", " localhost "}) {
            assertThat(Exposure.isLoopback(host)).as(host).isTrue();
        }
    }

    @Test
    void everyInterfaceAndOtherAddressesDoNot() {
        for (String host : new String[] {"0.0.0.0", "::", "[::]", "", "192.168.1.5", "203.0.113.7", "fe80::1"}) {
            assertThat(Exposure.isLoopback(host)).as("'" + host + "'").isFalse();
        }
        assertThat(Exposure.isLoopback(null)).isFalse();
    }
}
