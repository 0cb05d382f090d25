"""Reflex's compatibility layer for StackStorm Python actions and sensors.

Only the parts pack code uses are provided: ``st2common.runners.base_action.Action`` and the datastore
helpers behind ``self.action_service`` (they talk to the Reflex API with the execution's token).
"""
