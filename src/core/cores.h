#ifndef AN_CORE_CORES_H
#define AN_CORE_CORES_H

/* n when it is positive, else the number of online cores (at least 1): what a setting whose 0
 * means "one per core" ([password] login_concurrency, the login threads) comes to. */
long an_cores_or(long n);

#endif
