/* Fuzz target: the configuration file (src/core/config.c an_config_load: INI via inih, every key
 * checked) and the values the server then parses from it (trusted_proxies as CIDR, the closing
 * days, the [mail] from address). Input: the file's bytes. The file is written into a directory
 * made once under $TMPDIR (or /tmp) and removed at exit; nothing else is written. Checks, beyond
 * memory safety and leaks: a refused file says why; an accepted one has every number within its
 * documented range and a usable mail sender. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/calendar.h"
#include "core/cidr.h"
#include "core/config.h"
#include "fuzz.h"
#include "notify/smtp.h"

static char dir[256], path[300];

static void cleanup(void)
{
  if (path[0])
    unlink(path);
  if (dir[0])
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/anshin-fuzz-config.XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    abort();
  }
  snprintf(path, sizeof path, "%s/anshin.conf", dir);
  atexit(cleanup);
  /* The environment overrides the file: keep the run about the file alone. */
  extern char **environ;
  for (char **e = environ; *e;) {
    if (strncmp(*e, "ANSHIN_", 7) == 0) {
      char name[128];
      snprintf(name, sizeof name, "%.*s", (int)strcspn(*e, "="), *e);
      unsetenv(name);
    } else {
      e++;
    }
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
    abort();
  struct an_config cfg;
  char err[512] = "";
  if (!an_config_load(&cfg, path, err, sizeof err)) {
    FUZZ_CHECK(err[0] != '\0');
    an_config_free(&cfg);
    return 0;
  }
  FUZZ_CHECK(cfg.threads >= 0 && cfg.threads <= 256);
  FUZZ_CHECK(cfg.max_body_bytes >= 1024 && cfg.connection_timeout >= 1);
  FUZZ_CHECK(cfg.idle_timeout >= 60 && cfg.absolute_lifetime >= 300);
  FUZZ_CHECK(cfg.audit_retention_days == 0 || cfg.audit_retention_days >= 365);
  FUZZ_CHECK(strcmp(cfg.store_driver, "sqlite") == 0 || strcmp(cfg.store_driver, "postgres") == 0);

  char cerr[200];
  struct an_cidr_list *l = an_cidr_parse(cfg.trusted_proxies, cerr, sizeof cerr);
  an_cidr_free(l);
  struct an_calendar *cal = an_calendar_new();
  an_calendar_set_closing(cal, cfg.closing_days, cerr, sizeof cerr);
  an_calendar_free(cal);
  char name[256], addr[256];
  an_smtp_parse_from(cfg.mail_from, name, sizeof name, addr, sizeof addr);
  an_config_free(&cfg);
  return 0;
}
