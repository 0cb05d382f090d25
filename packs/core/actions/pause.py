import random as _random
import time

from st2common.runners.base_action import Action


class PauseAction(Action):
    def run(self, max_pause=5, random=False):
        seconds = _random.uniform(0, max_pause) if random else max_pause
        time.sleep(seconds)
        return {"paused_seconds": seconds}
