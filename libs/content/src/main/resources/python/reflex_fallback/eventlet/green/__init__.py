"""``eventlet.green.<module>``: the standard library's module of that name."""
