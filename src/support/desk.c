#include "support/desk.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

static const char *const categories[] = {
    "question", "failure",       "personal_data_complaint", "personal_data_request",
    "incident", "prohibited_act"};

bool an_support_category_known(const char *category)
{
  for (size_t i = 0; category && i < sizeof categories / sizeof categories[0]; i++)
    if (!strcmp(categories[i], category))
      return true;
  return false;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const struct an_config *clock_cfg;
static struct an_calendar *desk_cal;
static struct an_support_hours desk_hours;
static bool desk_ok;

static void build(void)
{
  char err[256];
  struct an_calendar *c = an_calendar_new();
  const char *what = "[support] hours";
  bool ok = an_support_hours_parse(clock_cfg->support_hours, &desk_hours, err, sizeof err);
  if (ok) {
    what = "[calendar] closing_days";
    ok = an_calendar_set_closing(c, clock_cfg->closing_days, err, sizeof err);
  }
  if (ok) {
    what = "[support] targets";
    ok = an_support_targets_valid(clock_cfg->support_targets, err, sizeof err);
  }
  if (ok && clock_cfg->holidays_csv && clock_cfg->holidays_csv[0]) {
    what = "[calendar] holidays_csv";
    ok = an_calendar_load_csv(c, clock_cfg->holidays_csv, err, sizeof err);
  }
  if (!ok) {
    an_log(AN_LOG_ERROR, "support desk configuration refused",
           json_pack("{s:s, s:s}", "key", what, "error", err));
    an_calendar_free(c);
    return;
  }
  desk_cal = c;
  desk_ok = true;
}

bool an_support_clock(const struct an_config *cfg, const struct an_calendar **cal,
                      const struct an_support_hours **hours)
{
  clock_cfg = cfg;
  pthread_once(&once, build);
  *cal = desk_cal;
  *hours = &desk_hours;
  return desk_ok;
}

/* Finds "category=F/R" in spec; true with the two numbers when present and well formed. */
static bool lookup(const char *spec, const char *category, long *first, long *resolution)
{
  size_t n = strlen(category);
  for (const char *p = spec; p && *p;) {
    while (*p == ' ' || *p == ',')
      p++;
    long f, r;
    int used = 0;
    if (!strncmp(p, category, n) && p[n] == '=' &&
        sscanf(p + n + 1, "%ld/%ld%n", &f, &r, &used) == 2 && f > 0 && r > 0) {
      *first = f;
      *resolution = r;
      return true;
    }
    p = strchr(p, ',');
  }
  return false;
}

void an_support_targets(const struct an_config *cfg, const char *category, int64_t *first,
                        int64_t *resolution)
{
  long f, r;
  if (lookup(cfg->support_targets, category, &f, &r)) {
    *first = f;
    *resolution = r;
  } else if (!strcmp(category, "failure") || !strcmp(category, "incident")) {
    *first = 60;
    *resolution = 480;
  } else {
    *first = cfg->support_first_response_minutes;
    *resolution = cfg->support_resolution_minutes;
  }
}

bool an_support_targets_valid(const char *spec, char *err, size_t errlen)
{
  char *copy = strdup(spec ? spec : ""), *save = NULL;
  bool ok = copy != NULL;
  for (char *item = copy ? strtok_r(copy, ",", &save) : NULL; ok && item;
       item = strtok_r(NULL, ",", &save)) {
    while (*item == ' ')
      item++;
    char *eq = strchr(item, '=');
    long f, r;
    int used = 0;
    if (eq)
      *eq = '\0';
    ok = eq && an_support_category_known(item) && sscanf(eq + 1, "%ld/%ld%n", &f, &r, &used) == 2 &&
         f > 0 && r >= f && eq[1 + used] == '\0';
    if (!ok)
      snprintf(err, errlen, "\"%s\" is not category=FIRST/RESOLUTION minutes", item);
  }
  free(copy);
  return ok;
}

json_t *an_support_info(const struct an_config *cfg)
{
  const struct an_calendar *cal;
  const struct an_support_hours *h;
  if (!an_support_clock(cfg, &cal, &h))
    return NULL;
  static const char *const days[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  json_t *hours = json_object();
  for (int d = 0; d < 7; d++) {
    char text[AN_SUPPORT_MAX_SPANS * 12 + 1];
    an_support_hours_day_text(h, d, text, sizeof text);
    json_object_set_new(hours, days[d], json_string(text));
  }
  json_t *targets = json_array();
  for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++) {
    int64_t f, r;
    an_support_targets(cfg, categories[i], &f, &r);
    json_array_append_new(targets, json_pack("{s:s, s:I, s:I}", "category", categories[i],
                                             "first_response_minutes", (json_int_t)f,
                                             "resolution_minutes", (json_int_t)r));
  }
  return json_pack("{s:o, s:s, s:b, s:o, s:{s:s, s:s, s:s}, s:I, s:[s,s,s,s]}", "hours", hours,
                   "closing_days", cfg->closing_days, "holidays_closed", 1, "targets", targets,
                   "contact", "email", cfg->support_email, "phone", cfg->support_phone,
                   "privacy_email", cfg->support_privacy_email, "personal_data_deadline_days",
                   (json_int_t)cfg->support_pdr_deadline_days, "channels", "web", "public", "email",
                   "phone");
}
