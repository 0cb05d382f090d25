from st2common.runners.base_action import Action


class DigAction(Action):
    def run(self, hostname, rand, count, qtype, tags):
        return {"hostname": hostname, "rand": repr(rand), "count": count, "qtype": repr(qtype), "tags": repr(tags)}
