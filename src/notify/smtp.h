/* Sending one message over SMTP with libcurl, and building the RFC 5322 message it sends: UTF-8
 * plain text, base64 body, RFC 2047 subject. The relay and sender come from [mail]. */
#ifndef AN_NOTIFY_SMTP_H
#define AN_NOTIFY_SMTP_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "notify/mime_out.h"

/* Splits a [mail] from value, "Name <addr>" or a bare "addr", into the display name ("" when
 * none; quotes removed) and the address. Returns false when there is no plausible address (no
 * "@", CR, LF, unbalanced "<>") or a part does not fit. */
bool an_smtp_parse_from(const char *from, char *name, size_t namelen, char *addr, size_t addrlen);

/* Returns the Subject header's value (malloc'd) as RFC 2047 encoded-words "=?UTF-8?B?...?=",
 * each under 76 columns, split only between UTF-8 characters, folded with CRLF SP. */
char *an_smtp_encode_subject(const char *utf8);

/* Returns text (malloc'd) with line ends made CRLF, base64-encoded, in lines of 76 columns
 * ending in CRLF; "" for an empty text. */
char *an_smtp_body_base64(const char *text);

/* Writes an RFC 5322 date for us (microseconds since the epoch) in JST, e.g.
 * "Tue, 03 Feb 2026 09:04:05 +0900", into out (>= 40 bytes). */
void an_smtp_date(int64_t us, char *out, size_t n);

/* Returns the whole message (malloc'd), headers and body, lines ending in CRLF: Date (at now),
 * From (from, as for an_smtp_parse_from; display name "anshin" when it has none), To,
 * Subject, Message-ID (<random@the from address's domain>), MIME-Version, Content-Type
 * text/plain; charset=UTF-8, Content-Transfer-Encoding base64, Auto-Submitted. NULL when from is
 * not a usable address. The caller has checked to and subject for CR and LF. */
char *an_smtp_build(const char *from, const char *to, const char *subject, const char *body,
                    int64_t now);
/* an_smtp_build with n files (n may be 0: then exactly an_smtp_build's message): the body is then
 * a multipart/mixed entity (notify/mime_out.h) with the text first and the files after it. NULL
 * also when the entity cannot be built. */
char *an_smtp_build_with(const char *from, const char *to, const char *subject, const char *body,
                         const struct an_mime_file *files, size_t n, int64_t now);

/* Call once, before any thread sends (wraps curl_global_init). Returns false on failure. */
bool an_smtp_init(void);
/* Undoes an_smtp_init once nothing sends any more. */
void an_smtp_cleanup(void);

/* Sends one message to to through [mail] relay (smtp://host:port or smtps://host:port), as
 * [mail] from, with [mail] username/password when set. STARTTLS: with [mail] starttls it is
 * used when the relay offers it, and required when a password would be sent; smtps:// is TLS
 * from the start. Timeouts: 10 s to connect, 30 s in all. When *stop becomes true (stop may be
 * NULL) the transfer is abandoned. Returns true when the relay accepted the message. Writes the
 * relay's last reply (e.g. "250 OK"), or what went wrong, into resp (size n). */
bool an_smtp_send(const struct an_config *cfg, const char *to, const char *subject,
                  const char *body, const atomic_bool *stop, char *resp, size_t n);
/* an_smtp_send with nfiles files attached (an_smtp_build_with). */
bool an_smtp_send_with(const struct an_config *cfg, const char *to, const char *subject,
                       const char *body, const struct an_mime_file *files, size_t nfiles,
                       const atomic_bool *stop, char *resp, size_t n);

#endif
