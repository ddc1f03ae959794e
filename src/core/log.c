#include "core/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"

static enum an_log_level min_level = AN_LOG_INFO;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const char *names[] = {"debug", "info", "warn", "error"};

void an_log_set_level(const char *name)
{
  for (int i = 0; i < 4; i++)
    if (name && strcmp(name, names[i]) == 0)
      min_level = (enum an_log_level)i;
}

void an_log(enum an_log_level level, const char *msg, json_t *fields)
{
  if (level < min_level) {
    json_decref(fields);
    return;
  }
  char ts[40];
  an_time_format_utc(an_time_now_us(), ts, sizeof ts);
  json_t *o = json_pack("{s:s, s:s, s:s}", "ts", ts, "level", names[level], "msg", msg);
  if (fields) {
    json_object_update(o, fields);
    json_decref(fields);
  }
  char *line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
  json_decref(o);
  if (!line)
    return;
  pthread_mutex_lock(&lock);
  fputs(line, stderr);
  fputc('\n', stderr);
  pthread_mutex_unlock(&lock);
  free(line);
}
