package org.thatdam.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One set of rules for "this machine" and for splitting host and port, without ever asking a resolver. */
class HostsTest {

    @Test
    void loopbackIsALoopbackLiteralOrLocalhost() {
        for (String host : new String[] {"127.0.0.1", "127.3.2.1", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost", " LocalHost ",
                "localhost.", "localhost:8080", "[::1]:8080", "127.0.0.1:80"}) {
            assertThat(Hosts.isLoopback(host)).as(host).isTrue();
        }
    }

    @Test
    void anyOtherNameOrAddressIsNotEvenIfItCannotBeResolved() {
        for (String host : new String[] {"0.0.0.0", "::", "[::]", "", " ", "192.168.1.5", "203.0.113.7", "fe80::1", "128.0.0.1",
                "localhost.evil.example", "127.0.0.1.nip.io", "no-such-host.invalid", "127.1", "127.0.0.256"}) {
            assertThat(Hosts.isLoopback(host)).as("'" + host + "'").isFalse();
        }
        assertThat(Hosts.isLoopback(null)).isFalse();
        assertThat(Hosts.isLoopbackAddress("localhost")).as("a name is not an address").isFalse();
    }

    @Test
    void literalsAreParsedNeverLookedUp() {
        assertThat(Hosts.literal("[2001:DB8::7]")).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7"));
        assertThat(Hosts.literal(" 10.0.0.1 ")).hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo("10.0.0.1"));
        for (String notOne : new String[] {"example.org", "10.0.0.300", "10.0.0", "1::2::3", "unknown", "", "[::1]:80"}) {
            assertThat(Hosts.literal(notOne)).as(notOne).isEmpty();
        }
    }

    @Test
    void hostAndPortAreSplitTheSameWayEverywhere() {
        assertThat(Hosts.bareHost("Dam.Example.ORG.:8443")).isEqualTo("dam.example.org");
        assertThat(Hosts.bareHost("[2001:db8::1]:4711")).isEqualTo("2001:db8::1");
        assertThat(Hosts.bareHost("2001:db8::1")).as("colons of a bare IPv6 literal are not a port").isEqualTo("2001:db8::1");
        assertThat(Hosts.bareHost("192.0.2.1:80")).isEqualTo("192.0.2.1");
        assertThat(Hosts.port("dam.example.org:8443", 443)).isEqualTo(8443);
        assertThat(Hosts.port("[::1]:8080", 80)).isEqualTo(8080);
        assertThat(Hosts.port("[::1]", 80)).isEqualTo(80);
        assertThat(Hosts.port("::1", 80)).isEqualTo(80);
        assertThat(Hosts.port("dam.example.org", 443)).isEqualTo(443);
        assertThat(Hosts.port("dam.example.org:x", 443)).isEqualTo(-1);
        assertThat(Hosts.forUrl("::1")).isEqualTo("[::1]");
        assertThat(Hosts.forUrl("[::1]")).isEqualTo("[::1]");
        assertThat(Hosts.forUrl("dam.example.org")).isEqualTo("dam.example.org");
    }
}
