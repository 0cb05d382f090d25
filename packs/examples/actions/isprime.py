import math

from st2common.runners.base_action import Action


class PrimeCheckerAction(Action):
    def run(self, value):
        self.logger.info("checking %d", value)
        if value < 2:
            return False
        return all(value % d for d in range(2, int(math.isqrt(value)) + 1))
