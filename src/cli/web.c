/* The web root and its manifest (MARK-2-1-4), as `anshin serve` serves them and as the commands
 * that evaluate the live checks see them: `anshin compliance report` judges the same files the
 * server would, not "no manifest loaded". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/webmanifest.h"

void an_cli_web_root(const struct an_config *cfg, char *out, size_t n)
{
  if (cfg->web_root[0])
    snprintf(out, n, "%s", cfg->web_root);
  else if (access("web/index.html", R_OK) == 0)
    snprintf(out, n, "web");
  else
    snprintf(out, n, "%s/web", ANSHIN_SOURCE_DIR);
}

bool an_cli_web_manifest_load(const struct an_config *cfg, const char *root)
{
  const char *path = cfg->web_manifest;
  char built_root[4096], real_root[4096];
  if (!strcmp(path, "off"))
    return true;
  if (!path[0]) {
    if (!realpath(ANSHIN_SOURCE_DIR "/web", built_root) || !realpath(root, real_root) ||
        strcmp(built_root, real_root) != 0 || access(ANSHIN_WEB_MANIFEST, R_OK) != 0)
      return true;
    path = ANSHIN_WEB_MANIFEST;
  }
  char err[512];
  if (!an_webmanifest_load(root, path, err, sizeof err)) {
    fprintf(stderr, "anshin: configuration refused: [web] manifest: %s\n", err);
    return false;
  }
  return true;
}
