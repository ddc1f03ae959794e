/* Marks of changes that someone wants to hear about soon after they commit (issue 16 item 6: the
 * self-assessment re-evaluates what a change affects within a second or two, without running
 * the checks inside the request). A watcher names the action prefixes it cares about; the audit
 * log notes every action it appends (a watched one is held as pending in this process) and
 * publishes the pending ones when the transaction commits; the watcher takes the published
 * ones. A rolled-back change is published with the next commit: a needless evaluation, never a
 * missed one. Process-wide, thread-safe. */
#ifndef AN_CORE_DIRTY_H
#define AN_CORE_DIRTY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AN_DIRTY_ACTION_MAX 48 /* an action name's room, its NUL included */

/* Watches the actions starting with one of prefixes (a NULL-terminated list kept by the caller,
 * static; NULL stops watching and forgets the marks). */
void an_dirty_watch(const char *const *prefixes);
/* Notes that action was appended in an open transaction; true when it is watched (then call
 * an_dirty_commit after the transaction commits). Cheap when nothing is watched. */
bool an_dirty_note(const char *action);
/* Publishes the pending marks (an after-commit callback). */
void an_dirty_commit(void);
/* Takes the published marks when the newest was published at least settle_us ago (now_us is
 * the monotonic clock): copies up to cap action names into out and returns how many were
 * published (more than cap: the caller re-evaluates everything). 0 when none or not settled. */
size_t an_dirty_take(int64_t now_us, int64_t settle_us, char (*out)[AN_DIRTY_ACTION_MAX],
                     size_t cap);

#endif
