"""``st2common.runners``: the base class of Python actions and the helpers the python runner uses."""
