from st2common.runners.base_action import Action


class Boom(Action):
    def run(self):
        raise ValueError("sec_input python failure")
