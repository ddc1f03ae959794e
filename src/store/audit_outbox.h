/* The audit outbox of dedicated tenancy (WP-1, issue 15; migration 056): a transaction joined to
 * a dedicated tenant's database commits there first and in the shared database second, where its
 * audit events are. The events are also written into the tenant database's audit_outbox in the
 * tenant's transaction, so a crash between the two commits leaves them there, and a relay puts
 * every event the shared chain lacks into it (unsealed, with its own id and MAC; the sequencer
 * seals it). Writing and deleting the rows is the transaction runner's (store/db.c);
 * docs/architecture.md "Dedicated tenancy" gives the design. PostgreSQL only. */
#ifndef AN_STORE_AUDIT_OUTBOX_H
#define AN_STORE_AUDIT_OUTBOX_H
#include <stdint.h>

#include "store/db.h"

/* Relays one tenant database's outbox: inserts each row's event into the shared chain unless its
 * id is there already (so a row relayed twice is one event), then deletes the rows. Outside any
 * transaction of either connection. Adds the number of events inserted to *moved. Returns 0 or
 * an error. */
int an_store_audit_outbox_relay_one(struct an_db *shared, struct an_db *tenant, int64_t *moved);

/* Relays the outbox of every dedicated tenant's database (an unreachable one is logged and
 * skipped; the next relay tries again). Adds the events inserted to *moved. Returns 0, or an
 * error when some database could not be relayed. */
int an_store_audit_outbox_relay(struct an_db *shared, int64_t *moved);

#endif
