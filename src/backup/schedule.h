/* The backup schedule of `anshin serve` (SLA-13): a thread that looks every [backup]
 * poll_interval_ms whether the day's backup is due ([backup] schedule, "04:00" JST: due when
 * no backup was attempted since the latest 04:00 JST, so a server that was down at 04:00 takes
 * it when it comes back), whether a restore drill is due ([backup] drill_interval_days), and
 * whether to alert ([backup] alert_to): the newest verified backup older than max_age_hours, or
 * a copy to the second site failed since the last alert. With several instances, the standing
 * lease "backup.schedule" lets one of them do it. */
#ifndef AN_BACKUP_SCHEDULE_H
#define AN_BACKUP_SCHEDULE_H
#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "core/ctx.h"
#include "crypto/keys.h"
#include "store/db.h"

/* The latest scheduled instant at or before now (microseconds), for schedule "HH:MM" in JST.
 * False when the schedule is "off" or malformed. */
bool an_backup_slot(const char *schedule, int64_t now, int64_t *slot);
/* True when schedule is "off" or a valid "HH:MM". */
bool an_backup_schedule_valid(const char *schedule);
/* One look at the schedule with ctx->now as the time: tenants past their deletion deadline
 * deleted (lifecycle/erase.h, whatever the schedule), then, unless the schedule is "off",
 * backup, drill and alert as due. Returns a bit set: 1 backup taken, 2 drill run, 4 alert
 * queued, 8 tenants deleted. */
int an_backup_tick(const struct an_ctx *ctx, struct an_db *db);

/* Starts the thread (with the schedule "off" it only deletes tenants at their deadline);
 * stops it. */
void an_backup_schedule_start(const struct an_config *cfg, const struct an_keys *keys);
void an_backup_schedule_stop(void);

#endif
