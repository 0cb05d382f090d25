import eventlet

from st2actions.runners.pythonrunner import Action


class OldStyleAction(Action):
    def __init__(self, config):
        super(OldStyleAction, self).__init__(config)

    def run(self, seconds):
        eventlet.sleep(seconds)
        eventlet.monkey_patch(os=True, select=True, socket=True, thread=True, time=True)
        try:
            self.config["no_such_item"]
            missing = "no error"
        except ValueError as e:
            missing = str(e)
        return {"slept": seconds, "has_action_service": self.action_service is not None,
                "missing_config": missing, "eventlet_sleep": eventlet.spawn(lambda: "spawned").wait()}
