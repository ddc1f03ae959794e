/* The message catalogue (core/messages.def): every sentence a person reads from the server, in
 * Japanese and English, rendered with its placeholders through one formatter (core/format.h).
 * Error details are the catalogue's other part, core/errors.def. */
#ifndef AN_CORE_MESSAGES_H
#define AN_CORE_MESSAGES_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* The text of key in lang ("en" for English, anything else Japanese), NULL when the catalogue
 * has no such key. The text is static. */
const char *an_msg_text(const char *key, const char *lang);

/* Returns text (malloc'd, caller frees) in lang with each placeholder replaced by vars' member
 * of its name (see core/messages.def for {{name}}, {{name:date}}, {{name:datetime}},
 * {{name:yen}} and {{name:msg}}; spaces inside the braces allowed, names of a-z 0-9 _).
 * Text that is not a placeholder, such as a lone "{{", is copied unchanged, and values are never
 * scanned for placeholders. Returns NULL when a placeholder has no value of a usable type
 * (vars may be NULL; a :msg value must be a catalogue key), and writes the first such name into
 * missing (size n; may be NULL when n is 0). */
char *an_msg_render_text(const char *text, const char *lang, const json_t *vars, char *missing,
                         size_t n);

/* an_msg_render_text of key's text in lang. NULL (logged as our bug) for an unknown key or a
 * placeholder without a value. */
char *an_msg_render(const char *key, const char *lang, const json_t *vars);

/* A field error for a problem's errors[] (http/reply.h localises it): a new object
 * {"rule": rule, "detail_ja": ..., "detail_en": ...} with key rendered in both languages with
 * vars (borrowed; may be NULL). NULL (logged) when key cannot be rendered. */
json_t *an_msg_field_error(const char *rule, const char *key, const json_t *vars);

/* Calls fn for each row of the catalogue (for tests and tools). */
void an_msg_each(void (*fn)(const char *key, const char *ja, const char *en, void *cls), void *cls);

#endif
