"""References of the system trigger types."""

WEBHOOK_TRIGGER_TYPE = "core.st2.webhook"
INTERVAL_TIMER_TRIGGER_REF = "core.st2.IntervalTimer"
DATE_TIMER_TRIGGER_REF = "core.st2.DateTimer"
CRON_TIMER_TRIGGER_REF = "core.st2.CronTimer"
ACTION_SENSOR_TRIGGER_REF = "core.st2.generic.actiontrigger"
NOTIFY_TRIGGER_REF = "core.st2.generic.notifytrigger"
INQUIRY_TRIGGER_REF = "core.st2.generic.inquiry"
ACTION_FILE_WRITTEN_TRIGGER_REF = "core.st2.action.file_written"
SENSOR_SPAWN_TRIGGER_REF = "core.st2.sensor.process_spawn"
SENSOR_EXIT_TRIGGER_REF = "core.st2.sensor.process_exit"
KEY_VALUE_PAIR_CREATE_TRIGGER_REF = "core.st2.key_value_pair.create"
KEY_VALUE_PAIR_UPDATE_TRIGGER_REF = "core.st2.key_value_pair.update"
KEY_VALUE_PAIR_VALUE_CHANGE_TRIGGER_REF = "core.st2.key_value_pair.value_change"
KEY_VALUE_PAIR_DELETE_TRIGGER_REF = "core.st2.key_value_pair.delete"

TRIGGER_INSTANCE_PENDING = "pending"
TRIGGER_INSTANCE_PROCESSING = "processing"
TRIGGER_INSTANCE_PROCESSED = "processed"
TRIGGER_INSTANCE_PROCESSING_FAILED = "processing_failed"
TRIGGER_INSTANCE_STATUSES = [
    TRIGGER_INSTANCE_PENDING, TRIGGER_INSTANCE_PROCESSING, TRIGGER_INSTANCE_PROCESSED,
    TRIGGER_INSTANCE_PROCESSING_FAILED,
]
TRIGGER_INSTANCE_COMPLETED_STATES = [TRIGGER_INSTANCE_PROCESSED, TRIGGER_INSTANCE_PROCESSING_FAILED]
