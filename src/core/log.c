#include "core/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
  size_t size = json_dumpb(o, NULL, 0, JSON_COMPACT | JSON_ENSURE_ASCII);
  char *line = size ? malloc(size + 1) : NULL;
  if (line)
    json_dumpb(o, line, size, JSON_COMPACT | JSON_ENSURE_ASCII);
  json_decref(o);
  if (!line)
    return;
  /* One write(2) per line: stderr is unbuffered, and lines from several threads must not mix. */
  line[size] = '\n';
  pthread_mutex_lock(&lock);
  ssize_t w = write(STDERR_FILENO, line, size + 1);
  pthread_mutex_unlock(&lock);
  (void)w; /* nowhere to report a failure to log */
  free(line);
}
