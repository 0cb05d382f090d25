"""``eventlet.greenthread``: threads (see the package's note)."""

from eventlet import GreenThread, getcurrent, kill, sleep, spawn, spawn_after, spawn_n

__all__ = ["GreenThread", "getcurrent", "kill", "sleep", "spawn", "spawn_after", "spawn_n"]
