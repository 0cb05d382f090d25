package io.reflex.rabbitmq;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One confirmed publish (of one message or of several to one destination with one wait for their confirms), recorded by Java Flight Recorder when a recording enables it (the pipeline
 * benchmark's profile counts them per execution); costs a flag check otherwise.
 */
@Name("reflex.BusPublish")
@Label("Bus publish")
@Category({"Reflex", "Bus"})
@Description("A message published to the broker and confirmed")
@StackTrace(false)
final class BusPublishEvent extends Event {
    @Label("Destination")
    String destination;

    @Label("Messages")
    int messages;
}
