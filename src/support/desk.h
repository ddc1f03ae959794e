/* The support desk's configuration as the domain uses it: the business-day calendar (from
 * [calendar]), the support hours (from [support] hours) and the SLA targets per category
 * ([support] first_response_minutes, resolution_minutes, targets). Built once per process. */
#ifndef AN_SUPPORT_DESK_H
#define AN_SUPPORT_DESK_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/config.h"
#include "support/hours.h"

/* The desk's calendar and hours, or false (logged) when the configuration is refused. */
bool an_support_clock(const struct an_config *cfg, const struct an_calendar **cal,
                      const struct an_support_hours **hours);

/* Ticket categories (issue 13 item 1). */
bool an_support_category_known(const char *category);
/* The first-response and resolution targets of category, in open minutes: [support] targets
 * ("category=FIRST/RESOLUTION,...") when it names the category, else the built-in default of
 * failure reports and incident reports (60/480, SLA-31 and WP-20: a failure is answered within
 * an hour of support time), else [support] first_response_minutes / resolution_minutes. */
void an_support_targets(const struct an_config *cfg, const char *category, int64_t *first,
                        int64_t *resolution);
/* What the public support page shows (issue 13 item 7, TOS-19): channels, the weekly hours,
 * the expected response time per category, the personal-data contact and the deadline of
 * personal-data requests. NULL when the support hours are misconfigured. */
json_t *an_support_info(const struct an_config *cfg);
/* Checks a [support] targets value; false with the reason in err. */
bool an_support_targets_valid(const char *spec, char *err, size_t errlen);

#endif
