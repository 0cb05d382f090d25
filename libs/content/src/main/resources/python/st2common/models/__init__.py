"""``st2common.models``: only the API models a sensor hands to ``sensor_service``."""
