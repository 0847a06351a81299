/* cli.h - command line: subcommands, flags, help texts. Main thread. */
#ifndef LG_CLI_H
#define LG_CLI_H
#include "config.h"

/* Parses `serve` flags into c (after defaults), then the config file, then derived values.
 * Returns 0, 1 when help was printed (exit 0), or -1 after printing an error (exit 2). */
int cli_parse_serve(int argc, char **argv, lg_config_t *c);
void cli_usage(void);
/* `litegres restore` / `litegres generations` (cli_restore.c): exit status 0, 1 (failed)
 * or 2 (usage). Main thread, blocking. */
int cli_cmd_restore(int argc, char **argv);
int cli_cmd_generations(int argc, char **argv);

#endif
