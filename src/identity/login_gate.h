/* Bounds how many password hashes run at once, so a login flood queues here instead of taking
 * every worker thread and starving other requests. */
#ifndef AN_IDENTITY_LOGIN_GATE_H
#define AN_IDENTITY_LOGIN_GATE_H

/* Sets the number of concurrent hashes (0 = number of online cores). Call once at start-up. */
void an_login_gate_init(long slots);
/* Waits for a slot. */
void an_login_gate_enter(void);
/* Gives the slot back. */
void an_login_gate_leave(void);

#endif
