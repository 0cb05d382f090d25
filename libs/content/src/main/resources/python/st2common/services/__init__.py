"""``st2common.services``: the datastore service actions and sensors use (``services.datastore``)."""
