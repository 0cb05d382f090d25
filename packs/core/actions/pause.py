import random as _random
import time

from st2common.runners.base_action import Action


class PauseAction(Action):
    def run(self, max_pause, random=False):
        seconds = _random.randint(1, int(max_pause)) if random else max_pause
        time.sleep(seconds)
        return seconds
