/* The web UI's files, served from [web] root: "/" is index.html, "/x" is x or else x.html. */
#ifndef AN_HTTP_STATIC_H
#define AN_HTTP_STATIC_H
#include <stdbool.h>

#include "http/reply.h"

/* Serves the file for r->path if there is one: returns true and stores the MHD result in *ret.
 * Returns false (nothing sent) when no file matches. Paths with "..", hidden names or characters
 * outside [A-Za-z0-9._/-] never match. */
bool an_static_serve(struct an_request *r, an_ret *ret);

#endif
