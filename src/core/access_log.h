/* The access log kept on disk (CHK-7: access logs kept 365 days). One JSON line per request,
 * written to daily files under [log] access_dir by one writer thread, so a request only formats
 * its line and appends it to a buffer under a lock. A day's file is capped at
 * [log] access_file_max_bytes (then .1, .2 ... parts follow), gzip-compressed (zlib) once the day
 * has ended, and removed after [log] access_retention_days (at least 365). Dates are JST days.
 *
 * Files: access-YYYY-MM-DD.jsonl, access-YYYY-MM-DD.N.jsonl, and the same with .gz once compressed.
 * A line: {"ts","request_id","method","path","route","status","duration_ms","client_ip",
 * "tenant_id","subject","subject_id","actor"}. Nothing secret is written: no headers, no
 * cookies, no query string, no body; a path segment that looks like a token is replaced by
 * "[redacted]". */
#ifndef AN_CORE_ACCESS_LOG_H
#define AN_CORE_ACCESS_LOG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/ctx.h"

/* Retention floor in days: a year of access logs (CHK-7). */
#define AN_ACCESS_LOG_MIN_RETENTION_DAYS 365

/* One finished request. route may be NULL (static files, unmatched paths). */
struct an_access_rec {
  const struct an_ctx *ctx;
  const char *method;
  const char *path;
  const char *route;
  unsigned status;
  int64_t micros;
};

/* Starts the writer thread (flushes every 200 ms) and the maintenance thread (compression and
 * purge at start, then hourly) for [log] access_dir; does nothing when access_dir is "". Creates
 * the directory (0700) if needed. Returns false, having logged why, when it cannot be created. */
bool an_access_log_start(const struct an_config *cfg);
/* Queues one line. Cheap: formats into a per-thread buffer and appends under a lock. Does nothing
 * when the log was not started. If the writer falls far behind (the disk is full), lines are
 * dropped and counted rather than letting memory grow. */
void an_access_log_write(const struct an_access_rec *rec);
/* Writes what is queued, stops both threads and closes the file. Safe to call when not started. */
void an_access_log_stop(void);

/* Formats rec as one JSON line (with its newline) appended to out. Exposed for tests. */
struct an_buf;
void an_access_log_format(const struct an_access_rec *rec, struct an_buf *out);

/* Compresses every uncompressed file of a day before today's JST date (of now_us), except the
 * file named keep (the writer's open file; may be NULL), and removes files of days older than
 * retention_days before today. Returns false when the directory cannot be read; counts are
 * written to *compressed and *purged (either may be NULL). */
bool an_access_log_maintain(const char *dir, long retention_days, int64_t now_us, const char *keep,
                            int *compressed, int *purged);

/* Parses a --from/--to pair: "YYYY-MM-DD" (a JST day; as `to` it includes that whole day) or
 * RFC 3339. from NULL = to minus one day; to NULL = now_us. On success writes the half-open
 * interval [*from_us, *to_us) and returns true. */
bool an_access_log_range(const char *from, const char *to, int64_t now_us, int64_t *from_us,
                         int64_t *to_us);

/* Reads the lines of [from_us, to_us) from dir (plain and .gz files, in time order of the files)
 * and calls cb with each line (without its newline) whose tenant_id equals tenant_id, or every
 * line when tenant_id is negative. Returns the number of lines passed to cb, or -1 when the
 * directory cannot be read. */
long an_access_log_read(const char *dir, int64_t from_us, int64_t to_us, int64_t tenant_id,
                        void (*cb)(void *cls, const char *line, size_t len), void *cls);

#endif
