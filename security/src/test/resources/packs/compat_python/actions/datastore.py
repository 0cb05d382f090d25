from st2common.runners.base_action import Action


class DatastoreAction(Action):
    def run(self, word):
        svc = self.action_service
        out = {}
        out["set_local"] = svc.set_value("greeting", "hello " + word)
        out["get_local"] = svc.get_value("greeting")
        out["get_local_as_global"] = svc.get_value("compat_python.DatastoreAction:greeting", local=False)
        svc.set_value("compat_python_global_" + word, 42, local=False)
        out["get_global"] = svc.get_value("compat_python_global_" + word, local=False)
        svc.set_value("secret", "s3cret-" + word, encrypt=True)
        out["secret_decrypted"] = svc.get_value("secret", decrypt=True)
        out["secret_as_stored_differs"] = svc.get_value("secret") != "s3cret-" + word
        ds = svc.datastore_service
        ds.set_value("other", "x")
        out["listed"] = sorted(kv.name for kv in ds.list_values(local=True))
        out["listed_prefix"] = sorted(kv.name for kv in svc.list_values(prefix="gree"))
        out["delete"] = svc.delete_value("other")
        out["deleted_reads_none"] = svc.get_value("other") is None
        out["missing_reads_none"] = svc.get_value("never-set-" + word) is None
        try:
            svc.get_value("greeting", scope="user")
            out["user_scope"] = "accepted"
        except ValueError as e:
            out["user_scope"] = str(e)
        out["user"] = svc.get_user_info().get("username")
        return out
