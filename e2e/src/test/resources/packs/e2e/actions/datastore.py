from st2common.runners.base_action import Action


class DatastoreAction(Action):
    def run(self, key, value):
        self.action_service.set_value(key, value, local=False)
        got = self.action_service.get_value(key, local=False)
        print("stored %s" % key)
        return (True, {"got": got, "greeting": self.config.get("greeting")})
