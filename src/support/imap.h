/* The support mailbox over IMAP (issue 13 item 2), with libcurl: the unseen messages of one
 * mailbox are fetched whole, handed to a callback, and flagged \Seen only when the callback took
 * them (a message it could not store stays unseen and is fetched again next time). */
#ifndef AN_SUPPORT_IMAP_H
#define AN_SUPPORT_IMAP_H
#include <stdbool.h>
#include <stddef.h>

struct an_imap {
  const char *url;      /* imap://host:port/MAILBOX or imaps://... */
  const char *username; /* "" = none */
  const char *password;
  long timeout_seconds; /* one IMAP command at most */
  bool starttls;        /* require STARTTLS on imap:// when a password is sent */
};

/* Fetches every unseen message of the mailbox, oldest first, at most max, and calls take(raw,
 * len, cls) for each; a message take returns true for is flagged \Seen. Returns the number taken,
 * or -1 (logged, with curl's error but never the password) when the mailbox cannot be read. */
int an_imap_fetch_unseen(const struct an_imap *imap, int max,
                         bool (*take)(const char *raw, size_t len, void *cls), void *cls);

#endif
