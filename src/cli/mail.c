/* anshin mail test: queues a test message, so an operator can check the relay settings. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/email.h"
#include "notify/mail.h"
#include "store/db.h"

static void usage(FILE *out)
{
  fputs("usage: anshin mail test --to ADDRESS [--lang ja|en] [--config FILE]\n"
        "Queues a test message to ADDRESS; the running server's sender delivers it through\n"
        "[mail] relay. With no relay configured it stays in the outbox, where operator staff\n"
        "can read it. Prints the message id.\n",
        out);
}

static int queue_test(const char *config, const char *to, const char *lang)
{
  if (!an_email_valid(to)) {
    fprintf(stderr,
            "anshin: --to: not an e-mail address we send to (one @, no spaces, no "
            "line breaks, at most %d bytes)\n",
            AN_MAIL_MAX_ADDR);
    return 2;
  }
  struct an_cli c;
  struct an_ctx ctx;
  struct an_db *db = an_cli_begin(config, true, "anshin mail test", &c, &ctx);
  if (!db)
    return 1;
  int rc = 1;
  json_t *vars = json_pack("{s:I}", "sent_at", (json_int_t)ctx.now);
  int64_t id = 0;
  int q = an_mail_queue_id(&ctx, db, to, "test", lang, vars, &id);
  json_decref(vars);
  if (q == 1) {
    printf("queued: mail %lld to %s\n", (long long)id, to);
    if (!c.cfg.mail_relay[0])
      printf("(no [mail] relay is configured: the message stays in the outbox)\n");
    rc = 0;
  } else {
    fprintf(stderr, "anshin: could not queue the message%s\n",
            q == AN_MAIL_REFUSED ? " (refused: see the log)" : "");
  }
  an_cli_end(&c, db);
  return rc;
}

int an_cmd_mail(int argc, char **argv)
{
  if (argc < 2 || strcmp(argv[1], "test") != 0)
    return an_cli_usage(usage, argc >= 2 ? argv[1] : NULL);
  const char *config = NULL, *to = NULL, *lang = "ja";
  const struct an_cli_opt opts[] = {
      {"config", 'c', &config, NULL}, {"to", 't', &to, NULL}, {"lang", 'l', &lang, NULL}};
  argc--;
  argv++;
  AN_CLI_OPTIONS_OR_RETURN(argc, argv, opts, usage);
  if (!to || optind != argc || (strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)) {
    usage(stderr);
    return 2;
  }
  return queue_test(config, to, lang);
}
