package org.thatdam.cli;

/** The program of the launcher's archive tests: a jar of this class alone starts in a moment. */
public final class LauncherHello {

    private LauncherHello() {}

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
