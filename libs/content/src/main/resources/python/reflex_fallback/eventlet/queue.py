from queue import Empty, Full, LifoQueue, PriorityQueue, Queue

LightQueue = Queue

__all__ = ["Empty", "Full", "LifoQueue", "PriorityQueue", "Queue", "LightQueue"]
