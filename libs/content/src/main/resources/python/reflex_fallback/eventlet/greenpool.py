from eventlet import GreenPile, GreenPool

__all__ = ["GreenPool", "GreenPile"]
