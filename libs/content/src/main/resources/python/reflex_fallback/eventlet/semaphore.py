from threading import BoundedSemaphore, Semaphore

__all__ = ["Semaphore", "BoundedSemaphore"]
