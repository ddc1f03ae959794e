/* The request pipeline after the body is read: route → database → authentication → pending
 * password change → permission → CSRF → handler, and a 500 if a handler forgot to reply. */
#ifndef AN_HTTP_DISPATCH_H
#define AN_HTTP_DISPATCH_H
#include "http/reply.h"

/* Answers r; called once per request when its body is complete. */
an_ret an_dispatch(struct an_request *r);

#endif
