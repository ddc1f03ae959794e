#include "identity/login_gate.h"

#include <semaphore.h>

#include "core/cores.h"

static sem_t gate;
static int ready;

void an_login_gate_init(long slots)
{
  sem_init(&gate, 0, (unsigned)an_cores_or(slots));
  ready = 1;
}

void an_login_gate_enter(void)
{
  if (!ready)
    an_login_gate_init(0);
  while (sem_wait(&gate) != 0) {
  }
}

void an_login_gate_leave(void)
{
  sem_post(&gate);
}

bool an_login_gate_hash(const struct an_config *cfg, const char *pw,
                        char hash[AN_PASSWORD_HASH_MAX])
{
  struct an_pwparams pp;
  an_password_params(cfg, &pp);
  an_login_gate_enter();
  bool ok = an_password_hash(&pp, pw, hash);
  an_login_gate_leave();
  return ok;
}
