#include "core/config.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/cidr.h"

enum kind { K_STR, K_INT, K_BOOL, K_ENUM };

struct spec {
  const char *section;
  const char *key;
  enum kind kind;
  size_t off;
  long min, max;       /* K_INT */
  const char *choices; /* K_ENUM: "a|b|c" */
  const char *def;
};

/* The rows come from core/config.def, one macro a type. */
#define O(f) offsetof(struct an_config, f)
#define AN_CFG_STR(sec, key, field, def) {#sec, #key, K_STR, O(field), 0, 0, NULL, def},
#define AN_CFG_INT(sec, key, field, min, max, def)                                                 \
  {#sec, #key, K_INT, O(field), min, max, NULL, def},
#define AN_CFG_BOOL(sec, key, field, def) {#sec, #key, K_BOOL, O(field), 0, 0, NULL, def},
#define AN_CFG_ENUM(sec, key, field, choices, def)                                                 \
  {#sec, #key, K_ENUM, O(field), 0, 0, choices, def},
static const struct spec specs[] = {
#include "core/config.def"
};
#undef AN_CFG_STR
#undef AN_CFG_INT
#undef AN_CFG_BOOL
#undef AN_CFG_ENUM
#undef O
#define NSPECS (sizeof specs / sizeof specs[0])

static const struct spec *find(const char *section, const char *key)
{
  for (size_t i = 0; i < NSPECS; i++)
    if (strcmp(specs[i].section, section) == 0 && strcmp(specs[i].key, key) == 0)
      return &specs[i];
  return NULL;
}

static bool parse_bool(const char *v, bool *out)
{
  if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1"))
    *out = true;
  else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
           !strcmp(v, "0"))
    *out = false;
  else
    return false;
  return true;
}

static bool enum_has(const char *choices, const char *v)
{
  size_t n = strlen(v);
  for (const char *p = choices; *p;) {
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len == n && strncmp(p, v, n) == 0)
      return true;
    if (!bar)
      break;
    p = bar + 1;
  }
  return false;
}

static bool valid_listen(const char *v)
{
  const char *colon = strrchr(v, ':');
  if (!colon || colon == v)
    return false;
  char *end;
  errno = 0;
  long port = strtol(colon + 1, &end, 10);
  return !errno && *end == '\0' && end != colon + 1 && port > 0 && port < 65536;
}

bool an_config_set(struct an_config *cfg, const char *section, const char *key, const char *value,
                   char *err, size_t errlen)
{
  const struct spec *s = find(section, key);
  if (!s) {
    snprintf(err, errlen, "unknown configuration key [%s] %s", section, key);
    return false;
  }
  char *base = (char *)cfg;
  switch (s->kind) {
  case K_STR: {
    if (strcmp(key, "listen") == 0 && !valid_listen(value)) {
      snprintf(err, errlen, "[%s] %s: expected host:port, got \"%s\"", section, key, value);
      return false;
    }
    char **dst = (char **)(base + s->off);
    free(*dst);
    *dst = an_strdup(value);
    return true;
  }
  case K_ENUM: {
    if (!enum_has(s->choices, value)) {
      snprintf(err, errlen, "[%s] %s: expected one of %s, got \"%s\"", section, key, s->choices,
               value);
      return false;
    }
    char **dst = (char **)(base + s->off);
    free(*dst);
    *dst = an_strdup(value);
    return true;
  }
  case K_INT: {
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end != '\0' || v < s->min || v > s->max) {
      snprintf(err, errlen, "[%s] %s: expected an integer from %ld to %ld, got \"%s\"", section,
               key, s->min, s->max, value);
      return false;
    }
    *(long *)(base + s->off) = v;
    return true;
  }
  case K_BOOL:
    if (!parse_bool(value, (bool *)(base + s->off))) {
      snprintf(err, errlen, "[%s] %s: expected true or false, got \"%s\"", section, key, value);
      return false;
    }
    return true;
  }
  return false;
}

struct ini_ctx {
  struct an_config *cfg;
  char *err;
  size_t errlen;
  bool failed;
};

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
  struct ini_ctx *c = user;
  if (c->failed)
    return 0;
  if (!an_config_set(c->cfg, section, name, value, c->err, c->errlen)) {
    c->failed = true;
    return 0;
  }
  return 1;
}

static bool known_section(const char *name, size_t n)
{
  for (size_t i = 0; i < NSPECS; i++)
    if (strlen(specs[i].section) == n && strncmp(specs[i].section, name, n) == 0)
      return true;
  return false;
}

/* ANSHIN_<SECTION>_<KEY>: the section is the part before the first underscore. */
static bool apply_env(struct an_config *cfg, char *err, size_t errlen)
{
  extern char **environ;
  for (char **e = environ; *e; e++) {
    if (strncmp(*e, "ANSHIN_", 7) != 0)
      continue;
    const char *eq = strchr(*e, '=');
    if (!eq)
      continue;
    char name[128];
    size_t n = (size_t)(eq - *e - 7);
    if (n >= sizeof name)
      n = sizeof name - 1;
    memcpy(name, *e + 7, n);
    name[n] = '\0';
    for (char *p = name; *p; p++)
      *p = (char)tolower((unsigned char)*p);
    if (strcmp(name, "master_key") == 0)
      continue; /* read by the key loader */
    char *us = strchr(name, '_');
    if (!us || !known_section(name, (size_t)(us - name)))
      continue; /* not ours (e.g. a test harness's ANSHIN_BIN); typos in a key are refused */
    *us = '\0';
    if (!an_config_set(cfg, name, us + 1, eq + 1, err, errlen)) {
      char inner[256];
      snprintf(inner, sizeof inner, "%s", err);
      snprintf(err, errlen, "environment %.*s: %s", (int)(eq - *e), *e, inner);
      return false;
    }
  }
  return true;
}

/* identity and access (issue 11): the tenant idle range is a range, and the staff networks
 * parse (a typo would otherwise lock every operator out, or let everyone in). */
static bool check_identity(const struct an_config *cfg, char *err, size_t errlen)
{
  if (cfg->tenant_idle_min > cfg->tenant_idle_max) {
    snprintf(err, errlen, "[session] tenant_idle_min must not exceed tenant_idle_max");
    return false;
  }
  char why[160] = "";
  struct an_cidr_list *nets = an_cidr_parse(cfg->staff_allowed_networks, why, sizeof why);
  if (!nets) {
    snprintf(err, errlen, "[security] staff_allowed_networks: %s", why);
    return false;
  }
  an_cidr_free(nets);
  return true;
}

static bool check(const struct an_config *cfg, char *err, size_t errlen)
{
  if ((cfg->tls_cert[0] != '\0') != (cfg->tls_key[0] != '\0')) {
    snprintf(err, errlen, "[server] tls_cert and tls_key must be set together");
    return false;
  }
  if (cfg->audit_retention_days > 0 && cfg->audit_retention_days < 365) {
    snprintf(err, errlen,
             "[audit] retention_days: at least 365 (a year of logs), or 0 to keep "
             "every event");
    return false;
  }
  if (strcmp(cfg->store_driver, "postgres") == 0 && cfg->store_url[0] == '\0') {
    snprintf(err, errlen, "[store] url is required when [store] driver = postgres");
    return false;
  }
  if (strcmp(cfg->store_driver, "sqlite") == 0 && cfg->store_path[0] == '\0') {
    snprintf(err, errlen, "[store] path must not be empty");
    return false;
  }
  if (cfg->mail_relay[0] && strncmp(cfg->mail_relay, "smtp://", 7) != 0 &&
      strncmp(cfg->mail_relay, "smtps://", 8) != 0) {
    snprintf(err, errlen, "[mail] relay: expected smtp://host:port or smtps://host:port");
    return false;
  }
  if (!strchr(cfg->mail_from, '@') || strpbrk(cfg->mail_from, "\r\n")) {
    snprintf(err, errlen, "[mail] from: expected \"Name <address>\" or an address");
    return false;
  }
  if (an_config_dunning_steps(cfg->recv_dunning_days, NULL) < 0) {
    snprintf(err, errlen,
             "[receivables] dunning_days: up to %d days past due, rising, each 1..3650 "
             "(e.g. 7,21,35), or empty for no reminders",
             AN_DUNNING_MAX_STEPS);
    return false;
  }
  return check_identity(cfg, err, errlen);
}

bool an_config_load(struct an_config *cfg, const char *path, char *err, size_t errlen)
{
  memset(cfg, 0, sizeof *cfg);
  for (size_t i = 0; i < NSPECS; i++)
    if (!an_config_set(cfg, specs[i].section, specs[i].key, specs[i].def, err, errlen))
      return false;
  if (!path && access("anshin.conf", F_OK) == 0)
    path = "anshin.conf";
  cfg->source = an_strdup(path ? path : "(defaults)");
  if (path) {
    struct ini_ctx c = {cfg, err, errlen, false};
    int rc = ini_parse(path, on_ini, &c);
    if (c.failed)
      return false;
    if (rc < 0) {
      snprintf(err, errlen, "cannot read configuration file %s", path);
      return false;
    }
    if (rc > 0) {
      snprintf(err, errlen, "%s:%d: syntax error", path, rc);
      return false;
    }
  }
  if (!apply_env(cfg, err, errlen))
    return false;
  return check(cfg, err, errlen);
}

void an_config_free(struct an_config *cfg)
{
  for (size_t i = 0; i < NSPECS; i++)
    if (specs[i].kind == K_STR || specs[i].kind == K_ENUM) {
      char **p = (char **)((char *)cfg + specs[i].off);
      free(*p);
      *p = NULL;
    }
  free(cfg->source);
  cfg->source = NULL;
}

bool an_config_tls(const struct an_config *cfg)
{
  return cfg->tls_cert && cfg->tls_cert[0] && cfg->tls_key && cfg->tls_key[0];
}

/* ---- [receivables] dunning_days (issue 17 item 3) ---- */

int an_config_dunning_steps(const char *s, long *steps)
{
  int n = 0;
  long last = 0;
  const char *p = s ? s : "";
  while (*p == ' ')
    p++;
  while (*p) {
    char *end = NULL;
    if (*p < '0' || *p > '9')
      return -1;
    long v = strtol(p, &end, 10);
    if (v < 1 || v > 3650 || v <= last || n == AN_DUNNING_MAX_STEPS)
      return -1;
    if (steps)
      steps[n] = v;
    n++;
    last = v;
    p = end;
    while (*p == ' ')
      p++;
    if (*p == ',') {
      p++;
      while (*p == ' ')
        p++;
      if (!*p)
        return -1; /* a trailing comma */
    } else if (*p) {
      return -1;
    }
  }
  return n;
}

void an_config_base_url(const struct an_config *cfg, struct an_buf *b)
{
  if (cfg->public_url && cfg->public_url[0])
    an_buf_puts(b, cfg->public_url);
  else
    an_buf_printf(b, "http://%s", cfg->listen);
  while (b->len && b->data[b->len - 1] == '/')
    b->data[--b->len] = '\0';
}
