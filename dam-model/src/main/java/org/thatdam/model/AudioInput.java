package org.thatdam.model;

/** A sound input of this machine that can be paired with a picture: {@code alsa:hw:1,0} or {@code pulse:<name>}. */
public record AudioInput(String id, String name, String kind) {}
