"""``TraceContext``: what ``sensor_service.dispatch_with_context`` takes."""

__all__ = ["TraceContext"]


class TraceContext(object):
    """A trace to add the dispatched trigger instance to: an existing trace's ``id_`` or a ``trace_tag``.

    Reflex groups by ``trace_tag`` (it is carried to the trigger instance and the executions it causes);
    ``id_`` is kept for the sensor's own use.
    """

    def __init__(self, id_=None, trace_tag=None):
        self.id_ = id_
        self.trace_tag = trace_tag

    def __str__(self):
        return "{id_: %s, trace_tag: %s}" % (self.id_, self.trace_tag)

    __repr__ = __str__
