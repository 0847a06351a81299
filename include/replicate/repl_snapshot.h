/* repl_snapshot.h - consistent database snapshots aligned with a WAL position (worker). */
#ifndef LG_REPLICATE_REPL_SNAPSHOT_H
#define LG_REPLICATE_REPL_SNAPSHOT_H
#include <stddef.h>

#include "lg_alloc.h"
#include "lg_buf.h"
#include "repl_wal.h"

/* Copies the database at db_path (a WAL-mode file; its WAL is db_path + "-wal") into out
 * (reset first) as it is at the WAL position returned in *at: at->end is the position just
 * after the last commit the copy contains (at->continuity == REPL_WAL_EMPTY when there is
 * no WAL, i.e. the copy is the database file alone). max_bytes bounds both the copy and
 * the WAL read. 0, LG_EIO / LG_ETOOBIG / LG_EAGAIN (the WAL kept restarting), with a
 * message in err. Worker thread: blocking file I/O; takes no SQLite lock (see the .c). */
int repl_snapshot_take(const char *db_path, size_t max_bytes, lg_buf_t *out, repl_wal_scan_t *at,
                       char *err, size_t errlen) LG_MUSTCHECK;

#endif
